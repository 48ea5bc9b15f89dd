import {
  type ClaimsConfigurationSource,
  type ClaimsPipelineRequest,
  ProfileDataCallers,
  type ProfileService,
  type Subject,
  serializeClaims,
  type TokenPolicy,
} from '../core/index.js'
import { idTokenShaper } from './id-token-shaper.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'
import type { TriggerSettings } from './read-trigger-settings.js'
import { triggerCallers } from './trigger-callers.js'
import type { PreTokenGenerationTriggerSource } from './trigger-sources.js'

/** What the claims of one pre-token-generation event depend on. */
export interface PreTokenGenerationRequestInput {
  readonly triggerSource: PreTokenGenerationTriggerSource
  readonly version: PreTokenGenerationVersion
  readonly clientId: string
  /** The event's scopes; absent in version 1. */
  readonly scopes: readonly string[] | undefined
  /** The user as `cognitoSubject` reads it; absent for client credentials. */
  readonly subject: Subject | undefined
}

/** Where the request runs: the ports, the trigger's settings and the invocation's signal. */
export interface PreTokenGenerationRequestContext {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly settings: Pick<TriggerSettings, 'onInvalidClaim' | 'tokenSizeBudgetBytes'>
  readonly signal?: AbortSignal | undefined
  readonly explain?: boolean | undefined
}

/**
 * Maps a pre-token-generation event onto the claims pipeline: the callers of
 * its trigger source and version, and one token policy per token it shapes.
 * Both tokens follow `ON_INVALID_CLAIM` and the size budget; the ID token
 * also follows Cognito's rules (`idTokenShaper`). The trigger and
 * `claimsmith explain` both build their request here.
 *
 * @example
 * const result = await runClaimsPipeline(preTokenGenerationRequest(input, { profileService, configurationSource, settings, signal }))
 */
export function preTokenGenerationRequest(
  input: PreTokenGenerationRequestInput,
  context: PreTokenGenerationRequestContext,
): ClaimsPipelineRequest {
  const { subject, version } = input
  const { settings } = context
  const callers = triggerCallers(input.triggerSource, version)
  const tokens = callers.profile.map(
    (caller): TokenPolicy =>
      caller === ProfileDataCallers.ClaimsProviderIdentityToken
        ? {
            caller,
            onInvalidValue: settings.onInvalidClaim,
            shape: idTokenShaper(
              subject === undefined ? {} : serializeClaims(subject.claims, 'token').claims,
              version,
            ),
            sizeBudgetBytes: settings.tokenSizeBudgetBytes,
          }
        : {
            caller,
            onInvalidValue: settings.onInvalidClaim,
            sizeBudgetBytes: settings.tokenSizeBudgetBytes,
          },
  )
  return {
    profileService: context.profileService,
    configurationSource: context.configurationSource,
    clientId: input.clientId,
    subject,
    scopes: input.scopes,
    isActiveCaller: subject === undefined ? undefined : callers.isActive,
    tokens,
    signal: context.signal,
    explain: context.explain,
  }
}
