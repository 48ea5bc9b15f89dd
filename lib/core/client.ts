import type { Claim } from './claim.js'

/**
 * The client (a Cognito app client) the claims are for.
 *
 * @example
 * const client: Client = {
 *   clientId: '4example1client2id',
 *   allowedScopes: ['openid', 'profile'],
 *   claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
 *   clientClaimsPrefix: 'client_',
 *   alwaysSendClientClaims: false,
 *   alwaysIncludeUserClaimsInIdToken: true,
 * }
 */
export interface Client {
  readonly clientId: string
  /** Scopes this client may request; absent means no restriction. Also the scopes used when an event carries none. */
  readonly allowedScopes?: readonly string[] | undefined
  /** Static claims about the client, emitted into access tokens only (docs/claims.md, "Client claims"). */
  readonly claims: readonly Claim[]
  /** Prefix put before each client claim type; `''` removes it. */
  readonly clientClaimsPrefix: string
  /** Also send client claims in access tokens issued to users, not only in client-credentials tokens. */
  readonly alwaysSendClientClaims: boolean
  /**
   * Put the user's identity-resource claims into the ID token (Duende's
   * `AlwaysIncludeUserClaimsInIdToken`). False: the ID token gets none of
   * them and userinfo serves them (docs/claims.md, "Claims in the ID token").
   */
  readonly alwaysIncludeUserClaimsInIdToken: boolean
}

/** The defaults a client record gets for the settings it leaves out. */
export const CLIENT_DEFAULTS = Object.freeze({
  clientClaimsPrefix: 'client_',
  alwaysSendClientClaims: false,
  alwaysIncludeUserClaimsInIdToken: true,
})

/** A client known only by its id: no claims, no scope restriction, the defaults. */
export function unknownClient(clientId: string): Client {
  return { clientId, claims: [], ...CLIENT_DEFAULTS }
}
