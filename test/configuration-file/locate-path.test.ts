import { describe, expect, it } from 'vitest'
import { LineCounter, parseDocument } from 'yaml'
import { locatePath } from '../../lib/configuration-file/locate-path.js'

function locate(text: string, path: (string | number)[], at: 'key' | 'value' = 'value') {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter })
  const location = locatePath(document, text, path, at)
  return { ...location, ...lineCounter.linePos(location.offset) }
}

const TEXT = [
  'clients:',
  '  - clientId: web',
  '    claims:',
  '      - { type: tier, value: 03 }',
  '',
].join('\n')

describe('locatePath', () => {
  it('finds a value and its source text when the path exists', () => {
    expect(locate(TEXT, ['clients', 0, 'claims', 0, 'value'])).toMatchObject({
      found: true,
      line: 4,
      col: 30,
      source: '03',
    })
  })

  it('finds the key when asked for it', () => {
    expect(locate(TEXT, ['clients', 0, 'claims'], 'key')).toMatchObject({ line: 3, col: 5 })
  })

  it('points at the deepest part that exists when the path leaves the document', () => {
    expect(locate(TEXT, ['clients', 0, 'allowedScopes', 0])).toMatchObject({
      found: false,
      line: 2,
      col: 5,
    })
    expect(locate(TEXT, ['clients', 5])).toMatchObject({ found: false, line: 2, col: 3 })
  })

  it('follows an alias to its anchor when the path goes through one', () => {
    const text = [
      'shared: &claims',
      '  - { type: a, value: x }',
      'users:',
      '  - claims: *claims',
      '',
    ].join('\n')
    expect(locate(text, ['users', 0, 'claims', 0, 'type'])).toMatchObject({ line: 2, col: 13 })
  })

  it('points at the start when the document is empty', () => {
    expect(locate('', ['clients'])).toMatchObject({ found: false, line: 1, col: 1 })
  })
})
