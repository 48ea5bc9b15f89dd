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

/** What the claims of one pre-token-generation event depend on (a parsed event has it). */
export interface PreTokenGenerationRequestInput {
  readonly triggerSource: PreTokenGenerationTriggerSource | (string & {})
  /** `undefined` for an event answered unenriched: the active check alone. */
  readonly version: PreTokenGenerationVersion | undefined
  readonly clientId: string
  /** The event's scopes; absent in version 1. */
  readonly scopes: readonly string[] | undefined
}

/** The ports and settings a request runs with: the trigger's dependencies have them. */
export interface PreTokenGenerationRequestContext {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly settings: Pick<TriggerSettings, 'onInvalidClaim' | 'tokenSizeBudgetBytes'>
}

// The access token's policy depends on the settings alone: one per settings object.
const accessPolicies = new WeakMap<object, TokenPolicy>()

function accessPolicy(settings: PreTokenGenerationRequestContext['settings']): TokenPolicy {
  let policy = accessPolicies.get(settings)
  if (policy === undefined) {
    policy = Object.freeze({
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
      onInvalidValue: settings.onInvalidClaim,
      sizeBudgetBytes: settings.tokenSizeBudgetBytes,
    })
    accessPolicies.set(settings, policy)
  }
  return policy
}

/**
 * Maps a pre-token-generation event onto the claims pipeline: the callers of
 * its trigger source and version, and one token policy per token it shapes.
 * Both tokens follow `ON_INVALID_CLAIM` and the size budget; the ID token
 * also follows Cognito's rules (`idTokenShaper`). The trigger and
 * `claimsmith explain` both build their request here.
 *
 * @example
 * const result = await runClaimsPipeline(preTokenGenerationRequest(parsed, subject, deps, signal))
 */
export function preTokenGenerationRequest(
  input: PreTokenGenerationRequestInput,
  subject: Subject | undefined,
  context: PreTokenGenerationRequestContext,
  signal?: AbortSignal,
  explain?: boolean,
): ClaimsPipelineRequest {
  const { version } = input
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
              version ?? '1',
            ),
            sizeBudgetBytes: settings.tokenSizeBudgetBytes,
          }
        : accessPolicy(settings),
  )
  return {
    profileService: context.profileService,
    configurationSource: context.configurationSource,
    clientId: input.clientId,
    subject,
    scopes: input.scopes,
    isActiveCaller: subject === undefined ? undefined : callers.isActive,
    tokens,
    signal,
    explain,
  }
}
