import { describe, expect, it } from 'vitest'
import { idTokenClaimValue, type PreTokenGenerationVersion } from '../../lib/cognito/index.js'
import type { JsonValue } from '../../lib/core/index.js'

describe('idTokenClaimValue', () => {
  it.each<[string, JsonValue, PreTokenGenerationVersion, JsonValue]>([
    ['tenant_id', 42, '2', 42],
    ['roles', ['a', 'b'], '2', ['a', 'b']],
    ['profile_data', { a: 1 }, '3', { a: 1 }],
    ['tenant_id', 42, '1', 42],
  ])('passes %s through unchanged in version %s', (type, value, version, expected) => {
    expect(idTokenClaimValue(type, value, version)).toEqual({
      ok: true,
      value: expected,
      reduced: false,
    })
  })

  it.each([
    ['email_verified', true, true],
    ['phone_number_verified', false, false],
    ['updated_at', 1_700_000_000, 1_700_000_000],
    ['address', '1 Main St', '1 Main St'],
    ['address', { formatted: '1 Main St' }, '{"formatted":"1 Main St"}'],
    ['address', 7, '7'],
  ] as const)('sends %s as a scalar in version 2', (type, value, expected) => {
    expect(idTokenClaimValue(type, value, '2')).toEqual({
      ok: true,
      value: expected,
      reduced: false,
    })
  })

  it('reduces several values to the first, in stored order', () => {
    expect(idTokenClaimValue('email_verified', [false, true], '2')).toEqual({
      ok: true,
      value: false,
      reduced: true,
    })
    expect(idTokenClaimValue('address', [{ formatted: 'A' }, { formatted: 'B' }], '3')).toEqual({
      ok: true,
      value: '{"formatted":"A"}',
      reduced: true,
    })
  })

  it.each<[string, JsonValue, string]>([
    ['email_verified', 'true', 'not-a-boolean'],
    ['phone_number_verified', { yes: true }, 'not-a-boolean'],
    ['updated_at', '1700000000', 'not-an-integer'],
    ['updated_at', 1.5, 'not-an-integer'],
    ['address', [], 'no-value'],
    ['address', null, 'no-value'],
  ])('never downgrades %s to another type: %j is left out', (type, value, problem) => {
    expect(idTokenClaimValue(type, value, '2')).toEqual({ ok: false, problem })
  })

  it('leaves Cognito-typed booleans and numbers out of version 1, which takes strings only', () => {
    expect(idTokenClaimValue('email_verified', true, '1')).toEqual({
      ok: false,
      problem: 'strings-only-event',
    })
    expect(idTokenClaimValue('updated_at', 1, '1')).toEqual({
      ok: false,
      problem: 'strings-only-event',
    })
    expect(idTokenClaimValue('address', { formatted: 'A' }, '1')).toEqual({
      ok: true,
      value: '{"formatted":"A"}',
      reduced: false,
    })
  })
})
