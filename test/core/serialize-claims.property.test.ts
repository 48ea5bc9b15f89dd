import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Claim,
  type ClaimValueKind,
  claimValueKind,
  type JsonValue,
  serializeClaims,
} from '../../lib/core/index.js'
import { XS } from './fixtures.js'

const KNOWN_VALUE_TYPES = [
  'string',
  'integer',
  'integer32',
  'integer64',
  'double',
  'boolean',
  'json',
  'JSON',
  'Json',
  `${XS}string`,
  `${XS}integer`,
  `${XS}integer32`,
  `${XS}integer64`,
  `${XS}double`,
  `${XS}boolean`,
]

const valueType = fc.option(
  fc.oneof(fc.constantFrom(...KNOWN_VALUE_TYPES), fc.string(), fc.string({ unit: 'binary' })),
  { nil: undefined },
)

/** Arbitrary strings, mixed with strings that are close to each value type. */
const value = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    'true',
    'FALSE',
    ' True ',
    '1',
    'yes',
    'NaN',
    '-Infinity',
    '1e400',
    ' 02 ',
    '+7',
    '1.0',
  ),
  fc.json(),
  fc.json().map((text) => ` ${text.slice(1)}`),
)

const claimType = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'role'),
)

const claim: fc.Arbitrary<Claim> = fc.record({ type: claimType, value, valueType })

function hasDeclaredKind(emitted: JsonValue, kind: ClaimValueKind, raw: string): boolean {
  switch (kind) {
    case 'string':
      return emitted === raw
    case 'integer32':
      return (
        Number.isSafeInteger(emitted) &&
        (emitted as number) >= -(2 ** 31) &&
        (emitted as number) < 2 ** 31
      )
    case 'integer64':
      return Number.isSafeInteger(emitted)
    case 'double':
      return typeof emitted === 'number' && Number.isFinite(emitted)
    case 'boolean':
      return typeof emitted === 'boolean'
    case 'json':
      return JSON.stringify(emitted) === JSON.stringify(JSON.parse(raw))
  }
}

describe('serializeClaims (properties)', () => {
  it('never throws in userinfo mode and emits every claim type', () => {
    fc.assert(
      fc.property(fc.array(claim, { maxLength: 12 }), (claims) => {
        const { claims: out } = serializeClaims(claims, 'userinfo')
        expect(new Set(Object.keys(out))).toEqual(new Set(claims.map((c) => c.type)))
        expect(() => JSON.stringify(out)).not.toThrow()
      }),
      { numRuns: 500 },
    )
  })

  it('never emits a token value whose JSON type differs from its declared kind', () => {
    fc.assert(
      fc.property(fc.uniqueArray(claim, { selector: (c) => c.type, maxLength: 12 }), (claims) => {
        const { claims: out, invalid } = serializeClaims(claims, 'token')
        const invalidTypes = new Set(invalid.map((error) => error.claimType))
        for (const c of claims) {
          if (invalidTypes.has(c.type)) {
            expect(Object.hasOwn(out, c.type)).toBe(false)
          } else {
            const emitted = out[c.type] as JsonValue
            expect(hasDeclaredKind(emitted, claimValueKind(c.valueType), c.value)).toBe(true)
          }
        }
        expect(Object.keys(out).length + invalid.length).toBe(claims.length)
      }),
      { numRuns: 500 },
    )
  })
})
