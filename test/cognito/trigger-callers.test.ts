import { describe, expect, it } from 'vitest'
import { PRE_AUTHENTICATION_IS_ACTIVE_CALLER, triggerCallers } from '../../lib/cognito/index.js'

const ID = 'ClaimsProviderIdentityToken'
const ACCESS = 'ClaimsProviderAccessToken'

describe('triggerCallers', () => {
  it.each([
    ['TokenGeneration_HostedAuth', 'AuthorizeEndpoint'],
    ['TokenGeneration_Authentication', 'ResourceOwnerValidation'],
    ['TokenGeneration_NewPasswordChallenge', 'ResourceOwnerValidation'],
    ['TokenGeneration_AuthenticateDevice', 'ResourceOwnerValidation'],
    ['TokenGeneration_RefreshTokens', 'RefreshTokenValidation'],
  ] as const)('asks %s as %s, for both tokens from version 2 on', (source, isActive) => {
    expect(triggerCallers(source, '1')).toEqual({ isActive, profile: [ID] })
    expect(triggerCallers(source, '2')).toEqual({ isActive, profile: [ID, ACCESS] })
    expect(triggerCallers(source, '3')).toEqual({ isActive, profile: [ID, ACCESS] })
  })

  it('asks nobody whether a client-credentials grant is active, and shapes its access token only', () => {
    expect(triggerCallers('TokenGeneration_ClientCredentials', '3')).toEqual({
      isActive: undefined,
      profile: [ACCESS],
    })
  })

  it('checks pre-authentication as a resource-owner validation', () => {
    expect(PRE_AUTHENTICATION_IS_ACTIVE_CALLER).toBe('ResourceOwnerValidation')
  })
})
