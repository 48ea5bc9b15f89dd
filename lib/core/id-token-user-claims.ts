import { type ProfileDataCaller, ProfileDataCallers } from './callers.js'
import type { Claim } from './claim.js'
import type { ClaimTrace } from './claim-trace.js'
import type { Client } from './client.js'

const NONE: readonly never[] = Object.freeze([])

/**
 * The user's claims a token keeps (Duende's `AlwaysIncludeUserClaimsInIdToken`):
 * all of them, except in the ID token of a client that sets
 * `alwaysIncludeUserClaimsInIdToken` to false, which keeps none, so that
 * userinfo alone serves them. The profile service is asked all the same, so
 * `trace`, when given, records each claim kept out with its reason; the
 * ID token never carries client claims, so every claim here is the user's.
 *
 * @example
 * idTokenUserClaims(claims, { ...client, alwaysIncludeUserClaimsInIdToken: false }, ProfileDataCallers.ClaimsProviderIdentityToken) // []
 */
export function idTokenUserClaims(
  claims: readonly Claim[],
  client: Client,
  caller: ProfileDataCaller,
  trace?: ClaimTrace,
): readonly Claim[] {
  if (
    caller !== ProfileDataCallers.ClaimsProviderIdentityToken ||
    client.alwaysIncludeUserClaimsInIdToken
  ) {
    return claims
  }
  if (trace !== undefined) {
    for (const claim of claims) trace.drop(claim, 'id-token-without-user-claims')
  }
  return NONE
}
