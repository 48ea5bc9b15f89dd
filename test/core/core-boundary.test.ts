import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const CORE = new URL('../../lib/core/', import.meta.url)
const IMPORT = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g

describe('lib/core', () => {
  it('imports only its own modules', async () => {
    const files = (await readdir(CORE)).filter((name) => name.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const source = await readFile(new URL(file, CORE), 'utf8')
      for (const [, specifier] of source.matchAll(IMPORT)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[a-z0-9-]+\.js$/)
      }
    }
  })
})
