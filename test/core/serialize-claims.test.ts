import { describe, expect, it } from 'vitest'
import { type Claim, ClaimValueInvalidError, serializeClaims } from '../../lib/core/index.js'
import { XS } from './fixtures.js'

describe('serializeClaims', () => {
  it('emits one claim of a type as a scalar', () => {
    const { claims } = serializeClaims(
      [{ type: 'tier', value: '3', valueType: 'integer' }],
      'token',
    )
    expect(claims.tier).toBe(3)
  })

  it('emits several claims of a type as an array in stored order', () => {
    const { claims } = serializeClaims(
      [
        { type: 'role', value: 'viewer' },
        { type: 'email', value: 'a@example.com' },
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
      ],
      'token',
    )
    expect(claims.role).toEqual(['viewer', 'admin', 'editor'])
    expect(claims.email).toBe('a@example.com')
  })

  it('returns an empty object when there are no claims', () => {
    expect(serializeClaims([], 'token')).toEqual({ claims: {}, invalid: [] })
  })

  it('accepts any iterable of claims', () => {
    function* claims(): Generator<Claim> {
      yield { type: 'role', value: 'admin' }
      yield { type: 'role', value: 'editor' }
    }
    expect(serializeClaims(claims(), 'userinfo').claims.role).toEqual(['admin', 'editor'])
  })

  it('collapses exact duplicates to one value', () => {
    const role: Claim = { type: 'role', value: 'admin' }
    const { claims } = serializeClaims(
      [role, { ...role }, { type: 'role', value: 'editor' }, role],
      'token',
    )
    expect(claims.role).toEqual(['admin', 'editor'])
  })

  it.each([
    { a: undefined, b: 'string', value: 'x', expected: 'x' },
    { a: 'string', b: `${XS}string`, value: 'x', expected: 'x' },
    { a: 'integer', b: `${XS}integer`, value: '3', expected: 3 },
    { a: 'integer', b: 'integer32', value: '3', expected: 3 },
    { a: 'integer64', b: `${XS}integer64`, value: '3', expected: 3 },
    { a: 'double', b: `${XS}double`, value: '1.5', expected: 1.5 },
    { a: 'boolean', b: `${XS}boolean`, value: 'true', expected: true },
    { a: 'json', b: 'JSON', value: '{"a":1}', expected: { a: 1 } },
  ])('collapses duplicates when valueType $a and $b name the same type', ({
    a,
    b,
    value,
    expected,
  }) => {
    const { claims } = serializeClaims(
      [
        { type: 'c', value, valueType: a },
        { type: 'c', value, valueType: b },
      ],
      'token',
    )
    expect(claims.c).toEqual(expected)
  })

  it('keeps claims with the same value but different value types apart', () => {
    const { claims } = serializeClaims(
      [
        { type: 'tier', value: '3' },
        { type: 'tier', value: '3', valueType: 'integer' },
      ],
      'token',
    )
    expect(claims.tier).toEqual(['3', 3])
  })

  it('emits two json claims of one type as an array of two values without merging them', () => {
    const { claims } = serializeClaims(
      [
        { type: 'groups', value: '[1, 2]', valueType: 'json' },
        { type: 'groups', value: '[3]', valueType: 'json' },
        { type: 'address', value: '{"street":"Main"}', valueType: 'json' },
        { type: 'address', value: '{"city":"Oslo"}', valueType: 'json' },
      ],
      'token',
    )
    expect(claims.groups).toEqual([[1, 2], [3]])
    expect(claims.address).toEqual([{ street: 'Main' }, { city: 'Oslo' }])
  })

  it('re-emits json compactly', () => {
    const { claims } = serializeClaims(
      [{ type: 'address', value: ' { "a" : [ 1 , 2 ] } ', valueType: 'Json' }],
      'token',
    )
    expect(JSON.stringify(claims)).toBe('{"address":{"a":[1,2]}}')
  })

  describe('in token mode', () => {
    it('omits a value that does not parse and reports it', () => {
      const { claims, invalid } = serializeClaims(
        [
          { type: 'tier', value: 'gold', valueType: 'integer' },
          { type: 'tier', value: '2', valueType: 'integer' },
          { type: 'limit', value: '1e400', valueType: 'double' },
        ],
        'token',
      )
      expect(claims).toEqual({ tier: 2 })
      expect('limit' in claims).toBe(false)
      expect(invalid).toHaveLength(2)
      expect(invalid[0]).toBeInstanceOf(ClaimValueInvalidError)
      expect(
        invalid.map(({ claimType, valueType, reason }) => ({ claimType, valueType, reason })),
      ).toEqual([
        { claimType: 'tier', valueType: 'integer', reason: 'not-a-number' },
        { claimType: 'limit', valueType: 'double', reason: 'not-finite' },
      ])
    })

    it('refuses an integer64 past 2^53-1 as unsafe-integer', () => {
      const { claims, invalid } = serializeClaims(
        [{ type: 'employee_no', value: '9007199254740992', valueType: 'integer64' }],
        'token',
      )
      expect(claims).toEqual({})
      expect(invalid.map((error) => error.reason)).toEqual(['unsafe-integer'])
    })

    it('reports an exact duplicate of an invalid claim once', () => {
      const bad: Claim = { type: 'flag', value: 'yes', valueType: 'boolean' }
      expect(serializeClaims([bad, bad], 'token').invalid).toHaveLength(1)
    })
  })

  describe('in userinfo mode', () => {
    it('falls back to the string of a value that does not parse and reports it', () => {
      const { claims, invalid } = serializeClaims(
        [
          { type: 'tier', value: '2', valueType: 'integer' },
          { type: 'tier', value: 'gold', valueType: 'integer' },
          { type: 'flag', value: 'yes', valueType: 'boolean' },
        ],
        'userinfo',
      )
      expect(claims).toEqual({ tier: [2, 'gold'], flag: 'yes' })
      expect(invalid.map((error) => [error.claimType, error.reason])).toEqual([
        ['tier', 'not-a-number'],
        ['flag', 'not-a-boolean'],
      ])
    })

    it('falls back to the string of an integer64 past 2^53-1', () => {
      const { claims, invalid } = serializeClaims(
        [{ type: 'employee_no', value: '9007199254740993', valueType: `${XS}integer64` }],
        'userinfo',
      )
      expect(claims.employee_no).toBe('9007199254740993')
      expect(invalid.map((error) => error.reason)).toEqual(['unsafe-integer'])
    })

    it('emits valid values typed, as token mode does', () => {
      const { claims, invalid } = serializeClaims(
        [
          { type: 'flag', value: 'TRUE', valueType: 'boolean' },
          { type: 'limit', value: '2.5', valueType: 'double' },
        ],
        'userinfo',
      )
      expect(claims).toEqual({ flag: true, limit: 2.5 })
      expect(invalid).toEqual([])
    })
  })

  describe('with claim types that are Object.prototype names', () => {
    it.each([
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
    ])('emits %s as an ordinary own key', (type) => {
      const { claims } = serializeClaims(
        [
          { type, value: 'x' },
          { type: 'role', value: 'admin' },
        ],
        'token',
      )
      expect(Object.hasOwn(claims, type)).toBe(true)
      expect(claims[type]).toBe('x')
      expect(Object.keys(claims)).toEqual([type, 'role'])
      expect(JSON.stringify(claims)).toBe(`{"${type}":"x","role":"admin"}`)
    })

    it('does not pollute Object.prototype through a __proto__ claim or a json value', () => {
      const { claims } = serializeClaims(
        [
          { type: '__proto__', value: '{"polluted":true}', valueType: 'json' },
          { type: '__proto__', value: 'second' },
          { type: 'payload', value: '{"__proto__":{"polluted":true}}', valueType: 'json' },
        ],
        'token',
      )
      expect(Object.getOwnPropertyDescriptor(claims, '__proto__')?.value).toEqual([
        { polluted: true },
        'second',
      ])
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.prototype).not.toHaveProperty('polluted')
      expect(JSON.stringify(claims)).toBe(
        '{"__proto__":[{"polluted":true},"second"],"payload":{"__proto__":{"polluted":true}}}',
      )
    })
  })
})
