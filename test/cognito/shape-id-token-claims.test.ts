import { describe, expect, it } from 'vitest'
import { shapeIdTokenClaims } from '../../lib/cognito/index.js'

describe('shapeIdTokenClaims', () => {
  it('does not re-send a claim equal to the attribute Cognito already writes', () => {
    const shaped = shapeIdTokenClaims(
      { email: 'a@example.com', email_verified: true, tenant_id: 42 },
      { email: 'a@example.com', email_verified: true },
      '1',
    )
    expect(shaped.claims).toEqual({ tenant_id: 42 })
    expect(shaped.omitted).toEqual([])
  })

  it('sends a stored value that differs from the attribute, so the store wins in the ID token', () => {
    const shaped = shapeIdTokenClaims(
      { email: 'stored@example.com' },
      { email: 'user-written@example.com' },
      '2',
    )
    expect(shaped.claims).toEqual({ email: 'stored@example.com' })
  })

  it('reports what it leaves out and what it reduces, by type', () => {
    const shaped = shapeIdTokenClaims(
      { email_verified: 'yes', updated_at: [1, 2], tier: 3 },
      {},
      '2',
    )
    expect(shaped.claims).toEqual({ updated_at: 1, tier: 3 })
    expect(shaped.omitted).toEqual([{ type: 'email_verified', problem: 'not-a-boolean' }])
    expect(shaped.reduced).toEqual(['updated_at'])
  })

  it('treats __proto__ as an ordinary claim type', () => {
    const claims = JSON.parse('{"__proto__": "x"}') as Record<string, string>
    const shaped = shapeIdTokenClaims(claims, {}, '2')
    expect(Object.keys(shaped.claims)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(shaped.claims)).toBeNull()
  })
})
