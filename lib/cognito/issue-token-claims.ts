import {
  type ClaimsConfigurationSource,
  checkIsActive,
  issueClaims,
  type JsonValue,
  loadClientConfiguration,
  type ProfileDataCaller,
  ProfileDataCallers,
  type ProfileService,
  requestedClaimTypes,
  resolveRequestedResources,
  type Subject,
  serializeClaims,
  UserInactiveError,
} from '../core/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import { cognitoSubject } from './cognito-subject.js'
import type { AnsweredTokenGenerationEvent } from './parse-pre-token-generation-event.js'
import { requestedScopes } from './requested-scopes.js'
import { triggerCallers } from './trigger-callers.js'

/** What `issueTokenClaims` needs for one event. */
export interface IssueTokenClaimsRequest {
  readonly event: AnsweredTokenGenerationEvent
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  /** One signal for every call of the invocation, so a per-signal store cache can share one read. */
  readonly signal: AbortSignal
  readonly onInvalidClaim: 'omit' | 'fail'
  readonly logger: Logger
  readonly metrics: Metrics
}

/** The serialized claims issued for each token, and the subject's own. */
export interface IssuedTokenClaims {
  /** `undefined` when the event has no ID token to shape (client credentials). */
  readonly idToken: Readonly<Record<string, JsonValue>> | undefined
  /** `undefined` when the event has no access token to shape (version 1). */
  readonly accessToken: Readonly<Record<string, JsonValue>> | undefined
  /** The user's attributes as Cognito writes them into the ID token; empty without a user. */
  readonly attributeClaims: Readonly<Record<string, JsonValue>>
}

/**
 * Runs the profile service for one pre-token-generation event: loads the
 * configuration, checks that the user is active (throwing
 * `UserInactiveError` when not), resolves the requested scopes and issues and
 * serializes the claims of each token. An invalid value is left out, logged
 * and counted, or thrown under `onInvalidClaim: 'fail'`. Store failures,
 * and store calls the signal aborts, reject with
 * `ClaimsStoreUnavailableError`. A profile service that ignores the signal is
 * not cut off here: wrap the call in `beforeDeadline`, as the trigger does.
 *
 * @example
 * const issued = await beforeDeadline(issueTokenClaims({ event, profileService, configurationSource, signal, onInvalidClaim: 'omit', logger, metrics }), signal)
 */
export async function issueTokenClaims(
  request: IssueTokenClaimsRequest,
): Promise<IssuedTokenClaims> {
  const { event, profileService, signal, logger, metrics } = request
  const { resources, client } = await loadClientConfiguration(
    request.configurationSource,
    event.clientId,
    signal,
  )
  const callers = triggerCallers(event.triggerSource, event.version)
  const subject: Subject | undefined =
    event.user === undefined ? undefined : cognitoSubject(event.user)
  // Prepared before the user's read is awaited, from the event and the
  // configuration alone, so that it runs while the read is on the wire.
  const resolved = resolveRequestedResources({
    scopes: requestedScopes(event.scopes, client),
    client,
    resources,
  })
  const attributeClaims =
    subject === undefined ? {} : serializeClaims(subject.claims, 'token').claims

  if (subject !== undefined && callers.isActive !== undefined) {
    const active = await checkIsActive({
      profileService,
      subject,
      client,
      caller: callers.isActive,
      signal,
    })
    if (!active) throw new UserInactiveError()
  }

  const issued = await Promise.all(
    callers.profile.map((caller) =>
      issueClaims({
        profileService,
        subject,
        client,
        caller,
        requestedClaimTypes: requestedClaimTypes(resolved, caller),
        signal,
      }),
    ),
  )

  const owner = subject === undefined ? { clientId: client.clientId } : { sub: subject.sub }
  const byCaller = new Map<ProfileDataCaller, Record<string, JsonValue>>()
  callers.profile.forEach((caller, index) => {
    const result = issued[index]
    if (result === undefined) return
    for (const claim of result.restricted) {
      logger.warn('restricted claim not issued', { ...owner, caller, ...claim })
      metrics.count('ClaimsRestricted')
    }
    const serialized = serializeClaims(result.claims, 'token')
    for (const error of serialized.invalid) {
      if (request.onInvalidClaim === 'fail') throw error
      logger.warn('invalid claim value omitted', {
        ...owner,
        caller,
        claimType: error.claimType,
        valueType: error.valueType,
        reason: error.reason,
      })
      metrics.count('ClaimsOmitted')
    }
    byCaller.set(caller, serialized.claims)
  })

  return {
    idToken: byCaller.get(ProfileDataCallers.ClaimsProviderIdentityToken),
    accessToken: byCaller.get(ProfileDataCallers.ClaimsProviderAccessToken),
    attributeClaims,
  }
}
