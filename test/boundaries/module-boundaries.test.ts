import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'

const LIB = new URL('../../lib/', import.meta.url)
const IMPORT = /\b(?:from|import)\s*\(?\s*['"]\.\.\/([a-z-]+)\//g

/** What each module may never import (Biome's noRestrictedImports says the same per module). */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  cognito: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'userinfo'],
  userinfo: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'cognito', 'introspection'],
  introspection: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'cognito'],
  middleware: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'cognito', 'userinfo'],
  observability: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'cognito', 'userinfo'],
  settings: ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'cognito', 'userinfo'],
  dynamodb: ['cognito', 'userinfo', 'cli', 'local', 'deploy', 'runtime', 'middleware'],
  cli: ['local', 'deploy', 'runtime', 'middleware', 'userinfo'],
  // Claims tests run offline: the CLI hands them a table's ports when asked to.
  'claims-tests': ['dynamodb', 'cli', 'local', 'deploy', 'runtime', 'configuration-cache'],
}

async function importsOf(module: string): Promise<Array<[string, string]>> {
  const dir = new URL(`${module}/`, LIB)
  const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.ts'))
  const found: Array<[string, string]> = []
  for (const file of files) {
    const source = await readFile(new URL(file, dir), 'utf8')
    // A file one folder down (lib/cli/commands) reaches other modules through ../../.
    const text = file.includes('/') ? source.replaceAll("'../../", "'../") : source
    for (const [, target] of text.matchAll(IMPORT)) found.push([file, target as string])
  }
  return found
}

describe('module boundaries', () => {
  it.each(
    Object.entries(FORBIDDEN),
  )('lib/%s imports none of its forbidden modules', async (module, forbidden) => {
    const imports = await importsOf(module)
    expect(imports.length).toBeGreaterThan(0)
    const crossing = imports.filter(([, target]) => forbidden.includes(target))
    expect(crossing).toEqual([])
  })
})

describe('package.json exports', () => {
  it('names a barrel of every public module, and nothing internal', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { exports: Record<string, string> }
    const targets = Object.entries(manifest.exports).filter(([name]) => name !== './package.json')
    for (const [name, target] of targets) {
      expect(target, name).toMatch(/^\.\/lib\/[a-z-]+\/index\.ts$/)
      await expect(readFile(new URL(`../../${target}`, import.meta.url), 'utf8')).resolves.toMatch(
        /^export /m,
      )
    }
    const exported = new Set(targets.map(([, target]) => target.split('/')[2]))
    expect([...exported].sort()).toEqual(
      [
        'claims-tests',
        'cli',
        'cognito',
        'configuration-cache',
        'configuration-file',
        'core',
        'dynamodb',
        'introspection',
        'middleware',
        'observability',
        'runtime',
        'settings',
        'userinfo',
      ].sort(),
    )
    // The local stack and the deployment build are tools of this repository, not API.
    expect(exported.has('local')).toBe(false)
    expect(exported.has('deploy')).toBe(false)
  })
})
