import { describe, expect, it } from 'vitest'
import { buildPreTokenGenerationResponse } from '../../lib/cognito/index.js'

describe('buildPreTokenGenerationResponse', () => {
  it('answers version 1 with the ID token claims as strings only', () => {
    const built = buildPreTokenGenerationResponse('1', {
      idToken: { tier: 3, admin: true, roles: ['a', 'b'], name: 'Jane', data: { a: 1 } },
    })
    expect(built).toEqual({
      claimsOverrideDetails: {
        claimsToAddOrOverride: {
          tier: '3',
          admin: 'true',
          roles: '["a","b"]',
          name: 'Jane',
          data: '{"a":1}',
        },
      },
    })
  })

  it('answers versions 2 and 3 with typed claims for both tokens', () => {
    const built = buildPreTokenGenerationResponse('2', {
      idToken: { tenant_id: 42 },
      accessToken: { roles: ['a', 'b'], limit: 1.5 },
    })
    expect(built).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tenant_id: 42 } },
        accessTokenGeneration: { claimsToAddOrOverride: { roles: ['a', 'b'], limit: 1.5 } },
      },
    })
  })

  it('answers a client-credentials grant with the access token only', () => {
    const built = buildPreTokenGenerationResponse('3', { accessToken: { client_tier: 3 } })
    expect(built).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { client_tier: 3 } },
      },
    })
  })

  it('never suppresses a claim, overrides groups or touches scopes', () => {
    const text = JSON.stringify(
      buildPreTokenGenerationResponse('2', { idToken: { a: 1 }, accessToken: { b: 2 } }),
    )
    for (const key of [
      'claimsToSuppress',
      'groupOverrideDetails',
      'scopesToAdd',
      'scopesToSuppress',
    ]) {
      expect(text).not.toContain(key)
    }
  })
})
