import { type ProfileDataCaller, ProfileDataCallers } from './callers.js'
import type { Claim } from './claim.js'
import type { Client } from './client.js'
import { renamedClaim } from './typed-claim.js'

export interface ClientClaimsInput {
  readonly client: Client
  readonly caller: ProfileDataCaller
  /** False in the client-credentials flow, where no user is involved. */
  readonly hasUser: boolean
}

/**
 * The client's claims for a token, with their types prefixed (docs/claims.md, "Client claims"): access
 * tokens only; without a user always, with a user only when the client sets
 * `alwaysSendClientClaims`.
 *
 * @example
 * clientClaims({ client, caller: ProfileDataCallers.ClaimsProviderAccessToken, hasUser: false })
 * // [{ type: 'client_tier', value: '3', valueType: 'integer' }]
 */
export function clientClaims(input: ClientClaimsInput): Claim[] {
  const { client, caller, hasUser } = input
  if (caller !== ProfileDataCallers.ClaimsProviderAccessToken) return []
  if (hasUser && !client.alwaysSendClientClaims) return []
  return client.claims.map((claim) =>
    renamedClaim(claim, `${client.clientClaimsPrefix}${claim.type}`),
  )
}
