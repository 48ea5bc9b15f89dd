/** Why a text is not JSON, and where. */
export interface JsonSyntaxError {
  /** Stable, for tests and tooling. `duplicate-key` is the only one `JSON.parse` accepts. */
  readonly code:
    | 'empty'
    | 'unexpected-character'
    | 'unexpected-end'
    | 'comment'
    | 'single-quote'
    | 'unquoted-key'
    | 'trailing-comma'
    | 'bad-literal'
    | 'bad-number'
    | 'bad-string'
    | 'bad-escape'
    | 'duplicate-key'
    | 'trailing-text'
  /** Offset into the text (UTF-16 code units) where the problem starts. */
  readonly offset: number
  readonly message: string
  readonly hint: string
}

type Container =
  | { readonly kind: 'object'; readonly keys: Set<string> }
  | { readonly kind: 'array' }
type State = 'value' | 'key' | 'after'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WORD = /[A-Za-z_$][\w$]*/y

function isWhitespace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r'
}

function shown(c: string): string {
  return c.length === 1 && c.charCodeAt(0) < 0x20
    ? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
    : JSON.stringify(c)
}

/**
 * A JSON scanner that finds the first syntax error and says where it is and
 * how to fix it, which `JSON.parse` does not reliably do (V8 gives no position
 * for an unexpected token, and echoes the text instead). Unlike `JSON.parse`
 * it also refuses duplicate keys, which JSON allows but a configuration file
 * cannot mean. Iterative, so deep nesting cannot overflow the stack.
 *
 * @example
 * findJsonSyntaxError('{"a": 1,}')
 * // { code: 'trailing-comma', offset: 7, message: 'trailing comma before "}"', hint: 'remove the comma' }
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0
  const stack: Container[] = []
  let state: State = 'value'

  const fail = (code: JsonSyntaxError['code'], offset: number, message: string, hint: string) => ({
    code,
    offset,
    message,
    hint,
  })
  const skipWhitespace = () => {
    while (isWhitespace(text[i])) i++
  }
  const unexpected = (expected: string): JsonSyntaxError => {
    const c = text[i]
    if (c === undefined) {
      return fail(
        'unexpected-end',
        i,
        `the JSON ends early: expected ${expected}`,
        'close every string, [ and { that is opened',
      )
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      return fail(
        'comment',
        i,
        'JSON does not allow comments',
        'remove the comment, or write the file as YAML (.yaml)',
      )
    }
    if (c === "'") {
      return fail('single-quote', i, 'JSON strings use double quotes', 'write "text", not \'text\'')
    }
    return fail(
      'unexpected-character',
      i,
      `unexpected ${shown(c)}: expected ${expected}`,
      'check the JSON syntax here',
    )
  }

  // Returns the offset after the closing quote, or an error.
  const scanString = (): number | JsonSyntaxError => {
    const start = i
    let j = i + 1
    for (;;) {
      const c = text[j]
      if (c === undefined) {
        return fail('bad-string', start, 'this string is not closed', 'add the closing "')
      }
      if (c === '"') return j + 1
      if (c.charCodeAt(0) < 0x20) {
        return fail(
          'bad-string',
          j,
          `a string cannot contain the control character ${shown(c)}`,
          'write a line break as \\n and a tab as \\t',
        )
      }
      if (c === '\\') {
        const e = text[j + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
            return fail('bad-escape', j, 'invalid \\u escape', 'write \\u and four hex digits')
          }
          j += 6
          continue
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          return fail(
            'bad-escape',
            j,
            `invalid escape \\${e ?? ''}`,
            'escape only " \\ / b f n r t and \\uXXXX; write a backslash as \\\\',
          )
        }
        j += 2
        continue
      }
      j++
    }
  }

  const closeContainer = (): void => {
    stack.pop()
    i++
    state = 'after'
  }

  for (;;) {
    skipWhitespace()
    const top = stack.at(-1)

    if (state === 'value') {
      const c = text[i]
      if (c === undefined && stack.length === 0) {
        return fail('empty', i, 'the file is empty', 'write a JSON object: { "clients": [] }')
      }
      if (c === '{') {
        stack.push({ kind: 'object', keys: new Set() })
        i++
        skipWhitespace()
        if (text[i] === '}') closeContainer()
        else state = 'key'
        continue
      }
      if (c === '[') {
        stack.push({ kind: 'array' })
        i++
        skipWhitespace()
        if (text[i] === ']') closeContainer()
        continue
      }
      if (c === '"') {
        const end = scanString()
        if (typeof end !== 'number') return end
        i = end
        state = 'after'
        continue
      }
      if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i
        const match = NUMBER.exec(text)
        if (!match) {
          return fail('bad-number', i, 'invalid number', 'write a number such as 42, -1 or 2.5e3')
        }
        i += match[0].length
        state = 'after'
        continue
      }
      WORD.lastIndex = i
      const word = WORD.exec(text)?.[0]
      if (word === 'true' || word === 'false' || word === 'null') {
        i += word.length
        state = 'after'
        continue
      }
      if (word !== undefined) {
        return fail(
          'bad-literal',
          i,
          `unexpected word ${JSON.stringify(word.slice(0, 40))}`,
          'JSON text values need double quotes; the only bare words are true, false and null',
        )
      }
      return unexpected('a value')
    }

    if (state === 'key') {
      if (text[i] !== '"') {
        WORD.lastIndex = i
        if (WORD.test(text)) {
          return fail('unquoted-key', i, 'JSON keys need double quotes', 'write "key": value')
        }
        return unexpected('a key in double quotes')
      }
      const start = i
      const end = scanString()
      if (typeof end !== 'number') return end
      const key = JSON.parse(text.slice(start, end)) as string
      if (top?.kind === 'object') {
        if (top.keys.has(key)) {
          return fail(
            'duplicate-key',
            start,
            `duplicate key ${JSON.stringify(key.slice(0, 40))} in this object`,
            'keep one of the two; JSON readers silently drop the first',
          )
        }
        top.keys.add(key)
      }
      i = end
      skipWhitespace()
      if (text[i] !== ':') return unexpected('":" after the key')
      i++
      state = 'value'
      continue
    }

    if (top === undefined) {
      if (i < text.length) {
        return fail(
          'trailing-text',
          i,
          'unexpected text after the end of the JSON value',
          'a JSON file holds one value; remove what follows it',
        )
      }
      return undefined
    }
    const close = top.kind === 'object' ? '}' : ']'
    if (text[i] === close) {
      closeContainer()
      continue
    }
    if (text[i] === ',') {
      const comma = i
      i++
      skipWhitespace()
      if (text[i] === close) {
        return fail('trailing-comma', comma, `trailing comma before "${close}"`, 'remove the comma')
      }
      state = top.kind === 'object' ? 'key' : 'value'
      continue
    }
    return unexpected(`"," or "${close}"`)
  }
}
