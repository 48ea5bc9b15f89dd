import { describe, expect, it } from 'vitest'
import { idTokenShaper } from '../../lib/cognito/index.js'
import type { ClaimShaper, JsonValue } from '../../lib/core/index.js'

/** The shaper applied to a whole token, as the pipeline applies it. */
function shapeAll(shape: ClaimShaper, claims: Record<string, JsonValue>) {
  const out: Record<string, JsonValue> = {}
  const omitted: Array<{ type: string; problem: string }> = []
  const reduced: string[] = []
  for (const [type, value] of Object.entries(claims)) {
    const shaped = shape(type, value)
    if (shaped === undefined) out[type] = value
    else if (!shaped.ok) omitted.push({ type, problem: shaped.problem })
    else {
      if (shaped.reduced) reduced.push(type)
      out[type] = shaped.value
    }
  }
  return { claims: out, omitted, reduced }
}

describe('idTokenShaper', () => {
  it('does not re-send a claim equal to the attribute Cognito already writes', () => {
    const shape = idTokenShaper({ email: 'a@example.com', email_verified: true }, '2')
    const shaped = shapeAll(shape, {
      email: 'a@example.com',
      email_verified: true,
      tenant_id: 42,
    })
    expect(shaped.claims).toEqual({ tenant_id: 42 })
    expect(shaped.omitted.map((each) => each.problem)).toEqual([
      'already-in-id-token',
      'already-in-id-token',
    ])
    expect(shape('email', 'a@example.com')).toMatchObject({ ok: false, expected: true })
  })

  it('sends a stored value that differs from the attribute, so the store wins in the ID token', () => {
    const shape = idTokenShaper({ email: 'user-written@example.com' }, '2')
    expect(shapeAll(shape, { email: 'stored@example.com' }).claims).toEqual({
      email: 'stored@example.com',
    })
  })

  it('reports what it leaves out and what it reduces, by type', () => {
    const shaped = shapeAll(idTokenShaper({}, '2'), {
      email_verified: 'yes',
      updated_at: [1, 2],
      tier: 3,
    })
    expect(shaped.claims).toEqual({ updated_at: 1, tier: 3 })
    expect(shaped.omitted).toEqual([{ type: 'email_verified', problem: 'not-a-boolean' }])
    expect(shaped.reduced).toEqual(['updated_at'])
  })

  it('gives version 1 every value as text, and sends a string as it is without a copy', () => {
    const shape = idTokenShaper({}, '1')
    expect(shapeAll(shape, { tier: 3, roles: ['a', 'b'], name: 'Jane' }).claims).toEqual({
      tier: '3',
      roles: '["a","b"]',
      name: 'Jane',
    })
    expect(shape('name', 'Jane')).toBeUndefined()
    expect(shape('email_verified', true)).toEqual({ ok: false, problem: 'strings-only-event' })
  })
})
