import type { IdentityResource } from './resources.js'

/**
 * The OpenID Connect standard scopes and their claims. A configured identity
 * resource of the same name replaces one of these.
 */
export const STANDARD_IDENTITY_RESOURCES: readonly IdentityResource[] = deepFreeze([
  { name: 'openid', userClaims: ['sub'] },
  {
    name: 'profile',
    userClaims: [
      'name',
      'family_name',
      'given_name',
      'middle_name',
      'nickname',
      'preferred_username',
      'profile',
      'picture',
      'website',
      'gender',
      'birthdate',
      'zoneinfo',
      'locale',
      'updated_at',
    ],
  },
  { name: 'email', userClaims: ['email', 'email_verified'] },
  { name: 'address', userClaims: ['address'] },
  { name: 'phone', userClaims: ['phone_number', 'phone_number_verified'] },
])

// Shared by every request: a caller that mutated an entry would change them all.
function deepFreeze(resources: IdentityResource[]): readonly IdentityResource[] {
  for (const resource of resources) {
    Object.freeze(resource.userClaims)
    Object.freeze(resource)
  }
  return Object.freeze(resources)
}
