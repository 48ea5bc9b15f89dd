import { describe, expect, it } from 'vitest'
import { ProfileDataCallers, ProfileIsActiveCallers } from '../../lib/core/index.js'

const PROFILE_DATA_CALLERS = [
  'ClaimsProviderIdentityToken',
  'ClaimsProviderAccessToken',
  'UserInfoEndpoint',
]

const IS_ACTIVE_CALLERS = [
  'AuthorizeEndpoint',
  'AuthorizationCodeValidation',
  'AccessTokenValidation',
  'IdentityTokenValidation',
  'ResourceOwnerValidation',
  'ExtensionGrantValidation',
  'RefreshTokenValidation',
  'UserInfoRequestValidation',
  'DeviceCodeValidation',
  'BackchannelAuthenticationRequestIdValidation',
  'SamlSsoEndpoint',
]

describe('ProfileDataCallers', () => {
  it.each(PROFILE_DATA_CALLERS)('has %s, named after itself', (name) => {
    expect(ProfileDataCallers).toHaveProperty(name, name)
  })

  it('has exactly the callers of Duende', () => {
    expect(Object.keys(ProfileDataCallers).sort()).toEqual([...PROFILE_DATA_CALLERS].sort())
  })

  it('is frozen', () => {
    expect(Object.isFrozen(ProfileDataCallers)).toBe(true)
    expect(Reflect.set(ProfileDataCallers, 'UserInfoEndpoint', 'changed')).toBe(false)
    expect(ProfileDataCallers.UserInfoEndpoint).toBe('UserInfoEndpoint')
  })
})

describe('ProfileIsActiveCallers', () => {
  it.each(IS_ACTIVE_CALLERS)('has %s, named after itself', (name) => {
    expect(ProfileIsActiveCallers).toHaveProperty(name, name)
  })

  it('has exactly the callers of Duende', () => {
    expect(Object.keys(ProfileIsActiveCallers).sort()).toEqual([...IS_ACTIVE_CALLERS].sort())
  })

  it('is frozen', () => {
    expect(Object.isFrozen(ProfileIsActiveCallers)).toBe(true)
    expect(Reflect.set(ProfileIsActiveCallers, 'Extra', 'Extra')).toBe(false)
    expect(ProfileIsActiveCallers).not.toHaveProperty('Extra')
  })
})
