import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findJsonSyntaxError } from '../../lib/configuration-file/find-json-syntax-error.js'

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{}'],
    [' [1, -0.5e+3, true, false, null, "\\u00e9\\n\\/"] '],
    ['{"a": {"b": [{}]}, "c": ""}'],
    ['"just a string"'],
    ['{"__proto__": 1}'],
  ])('finds nothing when %j is JSON', (text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined()
  })

  it.each([
    ['', 'empty', 0],
    [' \n ', 'empty', 3],
    ['{"a": 1,}', 'trailing-comma', 7],
    ['[1, 2,]', 'trailing-comma', 5],
    ['{"a": 1', 'unexpected-end', 7],
    ['/* c */ {}', 'comment', 0],
    ['{"a": 1} // c', 'trailing-text', 9],
    ["{'a': 1}", 'single-quote', 1],
    ['{a: 1}', 'unquoted-key', 1],
    ['{"a": yes}', 'bad-literal', 6],
    ['[-]', 'bad-number', 1],
    ['[.5]', 'unexpected-character', 1],
    ['["a\tb"]', 'bad-string', 3],
    ['["abc', 'bad-string', 1],
    ['["\\x"]', 'bad-escape', 2],
    ['["\\u12G4"]', 'bad-escape', 2],
    ['{"a": 1, "a": 2}', 'duplicate-key', 9],
    ['{"a" 1}', 'unexpected-character', 5],
    ['[1 2]', 'unexpected-character', 3],
    ['01', 'trailing-text', 1],
    ['\u00a0{}', 'unexpected-character', 0],
  ])('reports %j as %s at offset %d', (text, code, offset) => {
    expect(findJsonSyntaxError(text)).toMatchObject({ code, offset })
  })

  it('says what to write instead when it finds an error', () => {
    expect(findJsonSyntaxError('{"a": 1,}')).toEqual({
      code: 'trailing-comma',
      offset: 7,
      message: 'trailing comma before "}"',
      hint: 'remove the comma',
    })
  })

  it('does not overflow the stack when the nesting is deep', () => {
    const depth = 100_000
    expect(findJsonSyntaxError(`${'['.repeat(depth)}${']'.repeat(depth)}`)).toBeUndefined()
    expect(findJsonSyntaxError('['.repeat(depth))).toMatchObject({ code: 'unexpected-end' })
  })

  it('agrees with JSON.parse on arbitrary text, except that it refuses duplicate keys', () => {
    const nearlyJson = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '/', ' ', 'x', '0'))
      .map(([json, at, insert]) => {
        const position = at % (json.length + 1)
        return `${json.slice(0, position)}${insert}${json.slice(position + (insert === '' ? 1 : 0))}`
      })
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), nearlyJson), (text) => {
        const error = findJsonSyntaxError(text)
        if (error === undefined) expect(parses(text)).toBe(true)
        else if (error.code !== 'duplicate-key') expect(parses(text)).toBe(false)
        if (error) expect(error.offset).toBeLessThanOrEqual(text.length)
      }),
      { numRuns: 2000 },
    )
  })
})
