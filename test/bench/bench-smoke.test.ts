import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BenchResults } from '../../bench/support/bench-results.js'

const run = promisify(execFile)
const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url))

/** Every number anywhere in `value`, with where it is. */
function numbersIn(value: unknown, path = '$'): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((each, i) => numbersIn(each, `${path}[${i}]`))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, each]) => numbersIn(each, `${path}.${key}`))
  }
  return []
}

let outDir: string
let results: BenchResults

// The quick mode only: a few iterations, so the benchmark cannot rot. Its
// numbers are never asserted on; timing belongs to `npm run bench`.
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'claimsmith-bench-'))
  const out = join(outDir, 'results.json')
  await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
    cwd: ROOT_DIR,
    maxBuffer: 16 * 1024 * 1024,
  })
  results = JSON.parse(await readFile(out, 'utf8')) as BenchResults
}, 400_000)

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
})

describe('bench/run.ts --quick', () => {
  it('writes every section', () => {
    expect(Object.keys(results).sort()).toEqual(
      [
        'bulk',
        'bundles',
        'coldStart',
        'core',
        'introspection',
        'memory',
        'meta',
        'requests',
        'scale',
        'targets',
        'userinfo',
        'warm',
      ].sort(),
    )
    expect(results.meta.quick).toBe(true)
  })

  it.each([
    'bundles',
    'coldStart',
    'warm',
    'requests',
    'core',
    'userinfo',
    'introspection',
    'memory',
    'scale',
    'bulk',
  ] as const)('gives %s in finite numbers', (section) => {
    const numbers = numbersIn(results[section])
    expect(numbers.length).toBeGreaterThan(0)
    expect(numbers.filter(([, value]) => !Number.isFinite(value))).toEqual([])
  })

  it('measures every function and the Powertools variant in both SDK modes, against the reference', () => {
    const kinds = results.coldStart.rows.map((row) => `${row.name}/${row.sdk}`).sort()
    const expected = [
      'pre-token-generation',
      'pre-authentication',
      'userinfo',
      'pre-token-generation-powertools',
      'reference-get-item',
    ]
      .flatMap((name) => [`${name}/bundled`, `${name}/external`])
      .sort()
    expect(kinds).toEqual(expected)
    expect(results.bundles.map((b) => `${b.name}/${b.sdk}`).sort()).toEqual(expected)
  })

  it('counts exactly one DynamoDB request per warm invocation, none for configuration', () => {
    expect(results.requests.warm.total).toEqual({ min: 1, max: 1 })
    expect(results.requests.warm.getItem).toEqual({ min: 1, max: 1 })
    expect(results.requests.warm.query).toEqual({ min: 0, max: 0 })
  })

  it('judges every target of issue 8', () => {
    expect(results.targets.map((target) => target.id)).toEqual([
      'cold-start-sdk-bundled',
      'cold-start-sdk-external',
      'warm-p50',
      'requests-per-warm-invocation',
      'configuration-reads-inside-ttl',
      'core-50-claims',
      'core-linear-growth',
      'userinfo-p50',
      'introspection-p50',
      'memory-rss',
      'memory-heap',
      'scale-cold-start',
      'scale-warm-p50',
      'bulk-peak-rss',
    ])
    for (const target of results.targets) expect(typeof target.pass).toBe('boolean')
  })

  it('introspects the typical token as active, with claims besides the RFC 7662 members, one key set fetch', () => {
    // active, scope, client_id, username, token_type, exp, iat, sub, iss, jti: 10 members.
    expect(results.introspection.claimsServed).toBeGreaterThan(10)
    expect(results.introspection.jwksRequests).toBe(1)
    expect(results.introspection.iterations).toBe(results.userinfo.iterations)
  })

  it('reads the same bytes and requests on a cold start whatever the number of clients', () => {
    expect(results.scale.rows.map((row) => row.clients)).toEqual([10, 1_000, 10_000])
    const [first, ...rest] = results.scale.rows
    // The user, the client and the resources in one PartiQL statement.
    expect(first?.coldRequests).toBe(1)
    for (const row of rest) {
      expect(row.coldBytesRead).toBe(first?.coldBytesRead)
      expect(row.coldRequests).toBe(first?.coldRequests)
    }
  })

  it('imports every user from JSON Lines and CSV, and skips them all on a rerun', () => {
    expect(results.bulk.rows.map((row) => `${row.users}/${row.format}`)).toEqual([
      '500/jsonl',
      '500/csv',
    ])
    for (const row of results.bulk.rows) expect(row.rerunSkipped).toBe(row.users)
  })
})
