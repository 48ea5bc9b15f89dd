import { describe, expect, it } from 'vitest'
import { type CsvRow, readCsvRows } from '../../lib/cli/index.js'

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line
}

async function rows(text: string, maxRecordLength?: number): Promise<CsvRow[]> {
  const out: CsvRow[] = []
  const options = maxRecordLength === undefined ? {} : { maxRecordLength }
  for await (const row of readCsvRows(linesOf(text), options)) out.push(row)
  return out
}

describe('readCsvRows', () => {
  it('splits plain fields at commas and numbers rows by their line', async () => {
    expect(await rows('sub,type,value\nu1,role,admin\nu1,role,')).toEqual([
      { line: 1, fields: ['sub', 'type', 'value'] },
      { line: 2, fields: ['u1', 'role', 'admin'] },
      { line: 3, fields: ['u1', 'role', ''] },
    ])
  })

  it('reads quoted fields with commas, doubled quotes and line breaks', async () => {
    const text = 'u1,"a, b",x\nu2,"say ""hi""",y\nu3,"line one\nline two",z\nu4,last,w'
    expect(await rows(text)).toEqual([
      { line: 1, fields: ['u1', 'a, b', 'x'] },
      { line: 2, fields: ['u2', 'say "hi"', 'y'] },
      { line: 3, fields: ['u3', 'line one\nline two', 'z'] },
      { line: 5, fields: ['u4', 'last', 'w'] },
    ])
  })

  it('keeps an empty line inside a quoted field and skips empty lines between records', async () => {
    expect(await rows('a,"x\n\ny"\n\nb,c')).toEqual([
      { line: 1, fields: ['a', 'x\n\ny'] },
      { line: 5, fields: ['b', 'c'] },
    ])
  })

  it('drops a byte order mark before the first field', async () => {
    expect(await rows('\uFEFFsub,type')).toEqual([{ line: 1, fields: ['sub', 'type'] }])
  })

  it.each([
    ['a quote inside an unquoted field', 'u1,ab"c,x', 'a quote inside an unquoted field'],
    ['text after a closing quote', 'u1,"ab"c,x', 'text after a closing quote'],
  ])('reports %s with the row and keeps reading', async (_, bad, problem) => {
    const [first, second] = await rows(`${bad}\nu2,ok,y`)
    expect(first?.line).toBe(1)
    expect(first?.fields[0]).toBe('u1')
    expect(first?.problem).toContain(problem)
    expect(second).toEqual({ line: 2, fields: ['u2', 'ok', 'y'] })
  })

  it('reports a quote not closed before the end of the file on the line it opened', async () => {
    const result = await rows('u1,a,b\nu2,"open,x\nmore')
    expect(result[1]).toMatchObject({ line: 2, problem: expect.stringContaining('not closed') })
  })

  it('throws when an open quote would swallow more than the record limit', async () => {
    await expect(rows(`u1,"${'x'.repeat(50)}\n${'y'.repeat(50)}\nz"`, 80)).rejects.toThrow(
      /line 1: a quoted field is not closed within 80 characters/,
    )
  })
})
