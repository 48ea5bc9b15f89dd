import { describe, expect, it } from 'vitest'
import { ClaimValueTypes, claimValueKind, isKnownClaimValueType } from '../../lib/core/index.js'
import { XS } from './fixtures.js'

describe('claimValueKind', () => {
  it.each([
    { valueType: undefined, kind: 'string' },
    { valueType: 'string', kind: 'string' },
    { valueType: `${XS}string`, kind: 'string' },
    { valueType: 'integer', kind: 'integer32' },
    { valueType: `${XS}integer`, kind: 'integer32' },
    { valueType: 'integer32', kind: 'integer32' },
    { valueType: `${XS}integer32`, kind: 'integer32' },
    { valueType: 'integer64', kind: 'integer64' },
    { valueType: `${XS}integer64`, kind: 'integer64' },
    { valueType: 'double', kind: 'double' },
    { valueType: `${XS}double`, kind: 'double' },
    { valueType: 'boolean', kind: 'boolean' },
    { valueType: `${XS}boolean`, kind: 'boolean' },
    { valueType: 'json', kind: 'json' },
    { valueType: 'JSON', kind: 'json' },
    { valueType: 'Json', kind: 'json' },
    { valueType: 'any', kind: 'string' },
    { valueType: '', kind: 'string' },
    { valueType: '__proto__', kind: 'string' },
  ])('resolves $valueType to $kind', ({ valueType, kind }) => {
    expect(claimValueKind(valueType)).toBe(kind)
  })
})

describe('isKnownClaimValueType', () => {
  it.each([
    undefined,
    'string',
    'integer',
    `${XS}integer64`,
    'double',
    `${XS}boolean`,
    'json',
    'JSON',
  ])('accepts %s', (valueType) => {
    expect(isKnownClaimValueType(valueType)).toBe(true)
  })

  it.each([
    'any',
    '',
    'Integer',
    `${XS}dateTime`,
    'jsonb',
    'constructor',
  ])('refuses %s', (valueType) => {
    expect(isKnownClaimValueType(valueType)).toBe(false)
  })
})

describe('ClaimValueTypes', () => {
  it('names every short value type and is frozen', () => {
    expect(Object.values(ClaimValueTypes).sort()).toEqual([
      'boolean',
      'double',
      'integer',
      'integer32',
      'integer64',
      'json',
      'string',
    ])
    expect(
      Object.values(ClaimValueTypes).every((valueType) => isKnownClaimValueType(valueType)),
    ).toBe(true)
    expect(Object.isFrozen(ClaimValueTypes)).toBe(true)
  })
})
