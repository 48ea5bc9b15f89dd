import { describe, expect, it } from 'vitest'
import { withoutRestrictedClaims } from '../../lib/cognito/index.js'

describe('withoutRestrictedClaims', () => {
  it.each([
    ['token_use', 'reserved'],
    ['cognito:groups', 'reserved'],
    ['cognito:roles', 'reserved'],
    ['cognito:user_status', 'reserved'],
    ['dev:x', 'reserved'],
    ['origin_jti', 'reserved'],
    ['identities', 'reserved'],
    ['username', 'reserved'],
    ['sub', 'protocol'],
    ['aud', 'protocol'],
    ['scope', 'protocol'],
  ] as const)('takes %s out as %s', (type, restriction) => {
    const result = withoutRestrictedClaims({ tier: 3, [type]: 'x' })
    expect(result.claims).toEqual({ tier: 3 })
    expect(result.restricted).toEqual([{ type, restriction }])
  })

  it('keeps custom: claims and claims that merely mention cognito', () => {
    const result = withoutRestrictedClaims({ 'custom:tier': '3', my_cognito: 'x' })
    expect(result.claims).toEqual({ 'custom:tier': '3', my_cognito: 'x' })
    expect(result.restricted).toEqual([])
  })
})
