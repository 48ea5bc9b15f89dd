import { describe, expect, it } from 'vitest'
import { version1ClaimText } from '../../lib/cognito/index.js'

describe('version1ClaimText', () => {
  it.each([
    ['a string as it is', 'admin', 'admin'],
    ['a string that looks like a number as it is', '42', '42'],
    ['an integer as its literal', 42, '42'],
    ['a double as its literal', 1.5, '1.5'],
    ['true as its literal', true, 'true'],
    ['false as its literal', false, 'false'],
    ['null as its literal', null, 'null'],
    ['an array as compact JSON', ['admin', 'editor'], '["admin","editor"]'],
    ['an object as compact JSON', { a: 1, b: [true] }, '{"a":1,"b":[true]}'],
  ] as const)('sends %s', (_, value, text) => {
    expect(version1ClaimText(value as never)).toBe(text)
  })
})
