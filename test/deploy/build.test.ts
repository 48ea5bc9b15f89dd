import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BUNDLE_TARGET,
  type BuiltFunction,
  buildFunctions,
  formatBuildReport,
} from '../../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../../lib/deploy/function-entries.js'
import { readZip } from './support/read-zip.js'

const run = promisify(execFile)

/** What serverless.yml gives the functions, enough for each to start. */
const FUNCTION_ENVIRONMENT = {
  PATH: process.env.PATH,
  NODE_OPTIONS: '--enable-source-maps',
  AWS_REGION: 'eu-west-1',
  CLAIMS_TABLE: 'claimsmith-test-claims',
  ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
  LOG_LEVEL: 'info',
}

// Imports a bundle the way Lambda's Node.js runtime does: a fresh process, an ES module.
const IMPORT_SCRIPT = `
const module = await import(process.argv[1])
console.log(JSON.stringify({ exports: Object.keys(module), handler: typeof module.handler }))
`

let outDir: string
let rebuildDir: string
let built: BuiltFunction[]

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'claimsmith-build-'))
  rebuildDir = await mkdtemp(join(tmpdir(), 'claimsmith-rebuild-'))
  built = await buildFunctions({ outDir })
}, 60_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
  await rm(rebuildDir, { recursive: true, force: true })
})

describe('buildFunctions', () => {
  it('builds every function serverless.yml deploys', () => {
    expect(built.map((f) => f.name)).toEqual([
      'pre-token-generation',
      'pre-authentication',
      'userinfo',
      'introspection',
      'attach-triggers',
    ])
    expect(built.map((f) => f.name)).toEqual(FUNCTION_ENTRIES.map((f) => f.name))
  })

  it('targets the oldest Node.js the package supports, which the bundles are imported on here', async () => {
    const { engines } = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { engines: { node: string } }
    const oldest = /^>=(\d+)$/.exec(engines.node)?.[1]
    expect(BUNDLE_TARGET).toBe(`node${oldest}`)
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(oldest))
  })

  it.each(
    FUNCTION_ENTRIES.map((f) => f.name),
  )('%s imports in a fresh Node.js process and exports a handler function', async (name) => {
    const bundle = pathToFileURL(join(outDir, name, 'index.mjs')).href
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', IMPORT_SCRIPT, bundle],
      { env: FUNCTION_ENVIRONMENT, cwd: outDir },
    )
    const imported = JSON.parse(stdout)
    expect(imported.exports).toContain('handler')
    expect(imported.handler).toBe('function')
  }, 20_000)

  it.each(
    FUNCTION_ENTRIES.map((f) => f.name),
  )('%s is a minified ES module with an external source map', async (name) => {
    const code = await readFile(join(outDir, name, 'index.mjs'), 'utf8')
    const map = JSON.parse(await readFile(join(outDir, name, 'index.mjs.map'), 'utf8'))
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true)
    expect(code).toMatch(/export\s*\{[^}]*as handler\s*\}|export\s*\{\s*handler\s*\}/)
    // Minified: no indented statements (multi-line strings may still span lines).
    expect(code).not.toMatch(/^\s{2,}(?:const|let|var|function|return|if)\b/m)
    expect(map.version).toBe(3)
    expect(map.sources.length).toBeGreaterThan(0)
    expect(map.sourcesContent).toBeUndefined()
  })

  it.each(
    FUNCTION_ENTRIES.map((f) => f.name),
  )('zips %s as index.mjs and its map, with fixed times and modes', async (name) => {
    const entries = readZip(await readFile(join(outDir, `${name}.zip`)))
    expect(entries.map((e) => e.name)).toEqual(['index.mjs', 'index.mjs.map'])
    // Buffer#equals: toEqual compares large buffers element by element, slowly.
    expect(entries[0]?.content.equals(await readFile(join(outDir, name, 'index.mjs')))).toBe(true)
    expect(entries[1]?.content.equals(await readFile(join(outDir, name, 'index.mjs.map')))).toBe(
      true,
    )
    for (const entry of entries) {
      expect(entry.dosDate).toBe(((2000 - 1980) << 9) | (1 << 5) | 1)
      expect(entry.dosTime).toBe(0)
      expect(entry.mode).toBe(0o100644)
      expect(entry.extraLength).toBe(0)
    }
  })

  it('keeps the names of errors, in the logs and in what Cognito gets, though minified', async () => {
    const script = `
const { handler } = await import(process.argv[1])
const context = { getRemainingTimeInMillis: () => 5000, awsRequestId: 'r', functionName: 'f' }
try { await handler({ version: '2' }, context) } catch (error) { console.log(JSON.stringify({ thrown: error.name })) }
`
    const bundle = pathToFileURL(join(outDir, 'pre-token-generation', 'index.mjs')).href
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, bundle], {
      env: FUNCTION_ENVIRONMENT,
      cwd: outDir,
    })
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.find((line) => 'thrown' in line)).toEqual({ thrown: 'CognitoTriggerError' })
    expect(lines.find((line) => line.message === 'trigger refused the request')).toMatchObject({
      error: { name: 'CognitoEventInvalidError', code: 'COGNITO_EVENT_INVALID' },
    })
  }, 20_000)

  it('reports each bundle size, raw and gzipped', () => {
    for (const f of built) {
      expect(f.bytes).toBeGreaterThan(f.gzipBytes)
      expect(f.gzipBytes).toBeGreaterThan(0)
    }
    const report = formatBuildReport(built).split('\n')
    expect(report[0]).toMatch(/^function\s+bundle\s+gzip$/)
    expect(report.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(built.map((f) => f.name))
    expect(report[1]).toMatch(/\d+\.\d KiB\s+\d+\.\d KiB$/)
  })

  it('writes the same zips when nothing changed', async () => {
    const again = await buildFunctions({ outDir: rebuildDir })
    for (const f of again) {
      const first = await readFile(join(outDir, `${f.name}.zip`))
      expect((await readFile(join(rebuildDir, `${f.name}.zip`))).equals(first)).toBe(true)
    }
  }, 60_000)

  it('leaves the AWS SDK to the Lambda runtime when asked', async () => {
    const [external] = await buildFunctions({
      outDir: rebuildDir,
      functions: FUNCTION_ENTRIES.filter((f) => f.name === 'attach-triggers'),
      externalSdk: true,
      zip: false,
    })
    const code = await readFile(join(rebuildDir, 'attach-triggers', 'index.mjs'), 'utf8')
    expect(code).toMatch(/from\s*"@aws-sdk\/client-cognito-identity-provider"/)
    const bundled = built.find((f) => f.name === 'attach-triggers')
    expect(external?.bytes).toBeLessThan((bundled?.bytes ?? 0) / 10)
    expect(external?.zipPath).toBeUndefined()
  }, 60_000)

  it('names the entry points that are missing', async () => {
    await expect(
      buildFunctions({
        outDir: rebuildDir,
        functions: [{ name: 'x', entry: 'functions/nope.ts' }],
      }),
    ).rejects.toThrow('missing entry points: functions/nope.ts')
  })
})
