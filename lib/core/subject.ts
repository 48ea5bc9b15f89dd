import type { Claim } from './claim.js'

/**
 * The user as the caller knows it: for token issuance the Cognito user's
 * attributes, for userinfo the claims of the presented access token. `sub` keys
 * the store. These claims are user-writable in Cognito, so the default profile
 * service never lets them override a stored claim.
 */
export interface Subject {
  readonly sub: string
  readonly claims: readonly Claim[]
}
