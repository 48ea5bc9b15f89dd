import { describe, expect, it } from 'vitest'
import {
  ClaimsmithError,
  ClaimValueInvalidError,
  type InvalidClaimValueReason,
  type JsonValue,
  parseClaimValue,
} from '../../lib/core/index.js'
import { XS } from './fixtures.js'

const INTEGER32_TYPES = ['integer', 'integer32', `${XS}integer`, `${XS}integer32`]
const INTEGER64_TYPES = ['integer64', `${XS}integer64`]
const DOUBLE_TYPES = ['double', `${XS}double`]
const BOOLEAN_TYPES = ['boolean', `${XS}boolean`]
const JSON_TYPES = ['json', 'JSON', 'Json', 'jSoN']
const STRING_TYPES = [undefined, 'string', `${XS}string`, 'any', `${XS}dateTime`]

type Valid = readonly [value: string, expected: JsonValue]
type Invalid = readonly [value: string, reason: InvalidClaimValueReason]

function rows<T extends readonly unknown[]>(
  valueTypes: ReadonlyArray<string | undefined>,
  cases: readonly T[],
) {
  return valueTypes.flatMap((valueType) =>
    cases.map((c) => ({ valueType, value: c[0] as string, outcome: c[1] as T[1] })),
  )
}

function parse(value: string, valueType: string | undefined) {
  return parseClaimValue({ type: 'claim', value, valueType })
}

function parsedValue(value: string, valueType: string | undefined): JsonValue {
  const parsed = parse(value, valueType)
  if (!parsed.ok)
    throw new Error(`expected ${JSON.stringify(value)} to parse, got ${parsed.error.reason}`)
  return parsed.value
}

function reasonOf(value: string, valueType: string | undefined): InvalidClaimValueReason {
  const parsed = parse(value, valueType)
  if (parsed.ok)
    throw new Error(
      `expected ${JSON.stringify(value)} to be refused, got ${JSON.stringify(parsed.value)}`,
    )
  return parsed.error.reason
}

describe('parseClaimValue', () => {
  describe('reference vectors (Duende)', () => {
    it.each([
      { valueType: 'boolean', value: 'TRUE', expected: true },
      { valueType: 'boolean', value: 'False', expected: false },
      { valueType: 'integer32', value: '02', expected: 2 },
      { valueType: 'integer64', value: '0123456789012', expected: 123456789012 },
      { valueType: 'json', value: ' { "a" : 1 } ', expected: { a: 1 } },
      { valueType: 'any', value: 'TRUE', expected: 'TRUE' },
    ])('reads $valueType $value as $expected', ({ valueType, value, expected }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: expected })
    })
  })

  describe('integer and integer32', () => {
    const valid: Valid[] = [
      ['0', 0],
      ['02', 2],
      ['0000000000000000000042', 42],
      ['-0', 0],
      ['+7', 7],
      ['-17', -17],
      [' 42 ', 42],
      ['\t-17\n', -17],
      ['2147483647', 2147483647],
      ['-2147483648', -2147483648],
    ]
    const invalid: Invalid[] = [
      ['2147483648', 'out-of-range'],
      ['-2147483649', 'out-of-range'],
      ['\u00a042\u00a0', 'not-a-number'],
      ['\ufeff42', 'not-a-number'],
      ['99999999999999999999999', 'out-of-range'],
      ['1.5', 'not-an-integer'],
      ['1.0', 'not-an-integer'],
      ['.5', 'not-an-integer'],
      ['1e3', 'not-an-integer'],
      ['-2E2', 'not-an-integer'],
      ['', 'not-a-number'],
      ['   ', 'not-a-number'],
      ['abc', 'not-a-number'],
      ['0x10', 'not-a-number'],
      ['1_000', 'not-a-number'],
      ['1 000', 'not-a-number'],
      ['+-1', 'not-a-number'],
      ['- 1', 'not-a-number'],
      ['NaN', 'not-a-number'],
      ['Infinity', 'not-a-number'],
      ['١٢', 'not-a-number'],
    ]

    it.each(
      rows(INTEGER32_TYPES, valid),
    )('reads $value as $outcome when valueType is $valueType', ({ valueType, value, outcome }) => {
      expect(parsedValue(value, valueType)).toBe(outcome)
    })

    it.each(
      rows(INTEGER32_TYPES, invalid),
    )('refuses $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(reasonOf(value, valueType)).toBe(outcome)
    })
  })

  describe('integer64', () => {
    const valid: Valid[] = [
      ['0123456789012', 123456789012],
      ['2147483648', 2147483648],
      ['-2147483649', -2147483649],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
      ['-9007199254740991', Number.MIN_SAFE_INTEGER],
      [' +9007199254740991 ', Number.MAX_SAFE_INTEGER],
      ['-000000000000000000000000001', -1],
    ]
    const invalid: Invalid[] = [
      ['9007199254740992', 'unsafe-integer'],
      ['-9007199254740992', 'unsafe-integer'],
      ['9223372036854775807', 'unsafe-integer'],
      ['-9223372036854775808', 'unsafe-integer'],
      ['9223372036854775808', 'out-of-range'],
      ['-9223372036854775809', 'out-of-range'],
      ['1.5', 'not-an-integer'],
      ['12e3', 'not-an-integer'],
      ['9007199254740991.0', 'not-an-integer'],
      ['x', 'not-a-number'],
      ['', 'not-a-number'],
    ]

    it.each(
      rows(INTEGER64_TYPES, valid),
    )('reads $value as $outcome when valueType is $valueType', ({ valueType, value, outcome }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: outcome })
    })

    it.each(
      rows(INTEGER64_TYPES, invalid),
    )('refuses $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(reasonOf(value, valueType)).toBe(outcome)
    })
  })

  describe('double', () => {
    const valid: Valid[] = [
      ['0', 0],
      ['1.5', 1.5],
      ['-2.25', -2.25],
      ['+3', 3],
      ['007.5', 7.5],
      [' 6.02e23 ', 6.02e23],
      ['1E-3', 0.001],
      ['.5', 0.5],
      ['5.', 5],
      ['1.7976931348623157e308', Number.MAX_VALUE],
      ['-1.7976931348623157e308', -Number.MAX_VALUE],
      ['5e-324', Number.MIN_VALUE],
    ]
    const invalid: Invalid[] = [
      ['NaN', 'not-finite'],
      ['nan', 'not-finite'],
      ['-NaN', 'not-finite'],
      ['Infinity', 'not-finite'],
      ['-Infinity', 'not-finite'],
      ['+infinity', 'not-finite'],
      ['∞', 'not-finite'],
      ['-∞', 'not-finite'],
      ['1e400', 'not-finite'],
      ['-1e400', 'not-finite'],
      ['1.8e308', 'not-finite'],
      ['Inf', 'not-a-number'],
      ['', 'not-a-number'],
      ['abc', 'not-a-number'],
      ['0x1A', 'not-a-number'],
      ['1,5', 'not-a-number'],
      ['1.2.3', 'not-a-number'],
      ['1e', 'not-a-number'],
      ['e5', 'not-a-number'],
    ]

    it.each(rows(DOUBLE_TYPES, valid))('reads $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: outcome })
    })

    it.each(
      rows(DOUBLE_TYPES, invalid),
    )('refuses $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(reasonOf(value, valueType)).toBe(outcome)
    })
  })

  describe('boolean', () => {
    const valid: Valid[] = [
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['tRuE', true],
      [' true ', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
      ['\tfalse\n', false],
    ]
    const invalid: Invalid[] = [
      '1',
      '0',
      'yes',
      'no',
      'on',
      't',
      '',
      'truee',
      'true false',
      '"true"',
    ].map((value) => [value, 'not-a-boolean'] as const)

    it.each(rows(BOOLEAN_TYPES, valid))('reads $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: outcome })
    })

    it.each(
      rows(BOOLEAN_TYPES, invalid),
    )('refuses $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(reasonOf(value, valueType)).toBe(outcome)
    })
  })

  describe('json', () => {
    const valid: Valid[] = [
      [' { "a" : 1 } ', { a: 1 }],
      ['[1, 2 ,3]', [1, 2, 3]],
      ['{"nested":{"b":[true,null]}}', { nested: { b: [true, null] } }],
      ['"text"', 'text'],
      ['42', 42],
      ['true', true],
      ['null', null],
    ]
    const invalid: Invalid[] = ['{a:1}', "{'a':1}", '', '[1,2', 'undefined', 'NaN', '{"a":1}}'].map(
      (value) => [value, 'not-json'] as const,
    )

    it.each(rows(JSON_TYPES, valid))('reads $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: outcome })
    })

    it.each(rows(JSON_TYPES, invalid))('refuses $value as $outcome when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(reasonOf(value, valueType)).toBe(outcome)
    })
  })

  describe('string and unknown value types', () => {
    const valid: Valid[] = [
      ['admin', 'admin'],
      ['', ''],
      ['  padded  ', '  padded  '],
      ['02', '02'],
      ['true', 'true'],
      ['{"a":1}', '{"a":1}'],
    ]

    it.each(rows(STRING_TYPES, valid))('keeps $value unchanged when valueType is $valueType', ({
      valueType,
      value,
      outcome,
    }) => {
      expect(parse(value, valueType)).toEqual({ ok: true, value: outcome })
    })
  })

  describe('errors', () => {
    it.each([
      { valueType: 'integer', value: 'x2147483648x', reason: 'not-a-number' },
      { valueType: `${XS}integer`, value: '2147483648', reason: 'out-of-range' },
      { valueType: 'integer64', value: '9007199254740993', reason: 'unsafe-integer' },
      { valueType: `${XS}integer64`, value: '9223372036854775808', reason: 'out-of-range' },
      { valueType: 'double', value: '1e400', reason: 'not-finite' },
      { valueType: `${XS}double`, value: 'Infinity', reason: 'not-finite' },
      { valueType: 'boolean', value: 'yes', reason: 'not-a-boolean' },
      { valueType: 'JSON', value: '{secret: "s3cr3t"}', reason: 'not-json' },
    ])('reports a CLAIM_VALUE_INVALID naming claim type, value type and reason but not the value when $valueType $value is refused', ({
      valueType,
      value,
      reason,
    }) => {
      const parsed = parseClaimValue({ type: 'employee_no', value, valueType })
      expect(parsed.ok).toBe(false)
      if (parsed.ok) return
      const { error } = parsed
      expect(error).toBeInstanceOf(ClaimValueInvalidError)
      expect(error).toBeInstanceOf(ClaimsmithError)
      expect(error).toBeInstanceOf(Error)
      expect(error.name).toBe('ClaimValueInvalidError')
      expect(error.code).toBe('CLAIM_VALUE_INVALID')
      expect(error.claimType).toBe('employee_no')
      expect(error.valueType).toBe(valueType)
      expect(error.reason).toBe(reason)
      expect(error.message).toContain('employee_no')
      expect(error.message).toContain(valueType)
      expect(error.message).toContain(reason)
      expect(error.message).not.toContain(value)
    })
  })
})
