import { type ProfileDataCaller, ProfileDataCallers } from './callers.js'
import type { Claim } from './claim.js'
import type { ClaimTrace } from './claim-trace.js'
import type { Client } from './client.js'
import { clientClaims } from './client-claims.js'
import { ProfileDataRequestContext } from './profile-data-request-context.js'
import type { ProfileService } from './profile-service.js'
import { type ClaimTypeRestriction, claimTypeRestriction } from './protocol-claims.js'
import type { Subject } from './subject.js'

export interface IssueClaimsRequest {
  readonly profileService: ProfileService
  /** The user; absent in the client-credentials flow, where only client claims are issued. */
  readonly subject?: Subject | undefined
  readonly client: Client
  readonly caller: ProfileDataCaller
  readonly requestedClaimTypes: Iterable<string>
  readonly signal?: AbortSignal | undefined
  /** Records what became of each candidate; only when the request asks for decisions. */
  readonly trace?: ClaimTrace | undefined
}

/** A claim the profile service or the client offered that may not be emitted. */
export interface RestrictedClaim {
  readonly type: string
  readonly source: 'profile' | 'client'
  readonly restriction: ClaimTypeRestriction
}

export interface IssuedClaims {
  /** The user's issued claims, then the client's; none of a protocol or reserved type. */
  readonly claims: readonly Claim[]
  readonly restricted: readonly RestrictedClaim[]
}

/**
 * Runs the profile service for one caller and applies the rules no profile
 * service can bypass: the client's claims (access tokens only; with a user
 * only under `alwaysSendClientClaims`), and no protocol or Cognito-reserved
 * claim type, whoever offered it.
 *
 * @example
 * const { claims } = await issueClaims({ profileService, subject, client, caller, requestedClaimTypes })
 */
export async function issueClaims(request: IssueClaimsRequest): Promise<IssuedClaims> {
  const { trace } = request
  const offered: Array<{ claim: Claim; source: RestrictedClaim['source'] }> = []
  if (request.subject) {
    const context = new ProfileDataRequestContext({
      subject: request.subject,
      client: request.client,
      caller: request.caller,
      requestedClaimTypes: request.requestedClaimTypes,
      trace,
    })
    await request.profileService.getProfileData(context, request.signal)
    for (const claim of context.issuedClaims) offered.push({ claim, source: 'profile' })
  }
  const fromClient = clientClaims({
    client: request.client,
    caller: request.caller,
    hasUser: request.subject !== undefined,
  })
  for (const claim of fromClient) offered.push({ claim, source: 'client' })
  if (trace !== undefined) traceClientClaims(trace, request, fromClient)

  const claims: Claim[] = []
  const restricted: RestrictedClaim[] = []
  for (const { claim, source } of offered) {
    const restriction = claimTypeRestriction(claim.type)
    if (restriction) {
      restricted.push({ type: claim.type, source, restriction })
      if (restriction === 'protocol' || restriction === 'reserved') trace?.drop(claim, restriction)
      else trace?.drop(claim, 'unsafe-type', restriction)
    } else claims.push(claim)
  }
  return { claims, restricted }
}

/** Labels the client's claims that were offered, and records why the others were not. */
function traceClientClaims(trace: ClaimTrace, request: IssueClaimsRequest, sent: Claim[]): void {
  if (sent.length > 0) {
    trace.label(sent, 'client')
    return
  }
  const { client } = request
  const notSent = client.claims.map((claim) => ({
    ...claim,
    type: `${client.clientClaimsPrefix}${claim.type}`,
  }))
  trace.label(notSent, 'client')
  const reason =
    request.caller === ProfileDataCallers.ClaimsProviderAccessToken
      ? 'user-without-always-send'
      : 'not-an-access-token'
  for (const claim of notSent) trace.drop(claim, reason)
}
