import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { readLines } from '../../lib/cli/read-lines.js'

async function collect(chunks: readonly (string | Buffer)[], maxLineLength?: number) {
  const lines: string[] = []
  for await (const line of readLines(Readable.from(chunks), maxLineLength)) lines.push(line)
  return lines
}

describe('readLines', () => {
  it('splits at \\n and \\r\\n, across chunk boundaries, keeping empty lines', async () => {
    expect(await collect(['a\r', '\nb', 'c\n\nd\r\n', 'e'])).toEqual(['a', 'bc', '', 'd', 'e'])
  })

  it('gives no empty line after a final line break', async () => {
    expect(await collect(['a\nb\n'])).toEqual(['a', 'b'])
    expect(await collect([])).toEqual([])
  })

  it('decodes UTF-8 characters split between chunks', async () => {
    const bytes = Buffer.from('é€😀\nok', 'utf8')
    const chunks = [...bytes].map((byte) => Buffer.from([byte]))
    expect(await collect(chunks)).toEqual(['é€😀', 'ok'])
  })

  it('fails on a line longer than the limit, naming it', async () => {
    await expect(collect(['short\n', 'x'.repeat(20), 'y'.repeat(20)], 30)).rejects.toMatchObject({
      code: 'CLI_LINE_TOO_LONG',
      message: expect.stringContaining('line 2 is longer than 30 characters'),
    })
  })

  it('reads the stream only as fast as its lines are taken', async () => {
    // 1,000 chunks of 64 KiB; a reader that ran ahead (as node:readline's iterator does) would pull them all.
    let pulled = 0
    const chunk = `${'x'.repeat(65_535)}\n`
    const source = new Readable({
      highWaterMark: 1,
      objectMode: true,
      read() {
        pulled += 1
        this.push(pulled <= 1000 ? chunk : null)
      },
    })
    let taken = 0
    for await (const _line of readLines(source)) {
      taken += 1
      await new Promise((resolve) => setTimeout(resolve, 0))
      if (taken === 10) break
    }
    expect(taken).toBe(10)
    expect(pulled).toBeLessThan(20)
  })
})
