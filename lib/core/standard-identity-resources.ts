import type { IdentityResource } from './resources.js'

/**
 * The OpenID Connect standard scopes and their claims. A configured identity
 * resource of the same name replaces one of these.
 */
export const STANDARD_IDENTITY_RESOURCES: readonly IdentityResource[] = Object.freeze([
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
