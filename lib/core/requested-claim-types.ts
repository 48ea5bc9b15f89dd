import { type ProfileDataCaller, ProfileDataCallers } from './callers.js'
import { isEmittableClaimType } from './protocol-claims.js'
import type { ResolvedResources } from './resolve-requested-resources.js'

/**
 * The claim types a caller may ask the profile service for: identity resources
 * feed the identity token and userinfo, API scopes and API resources feed the
 * access token. Protocol and Cognito-reserved types are never requested.
 *
 * @example
 * requestedClaimTypes(resolved, ProfileDataCallers.ClaimsProviderIdentityToken) // Set { 'email', 'email_verified' }
 */
export function requestedClaimTypes(
  resolved: ResolvedResources,
  caller: ProfileDataCaller,
): Set<string> {
  const sources =
    caller === ProfileDataCallers.ClaimsProviderAccessToken
      ? [...resolved.apiScopes, ...resolved.apiResources]
      : resolved.identityResources
  const types = new Set<string>()
  for (const source of sources) {
    for (const type of source.userClaims) {
      if (isEmittableClaimType(type)) types.add(type)
    }
  }
  return types
}
