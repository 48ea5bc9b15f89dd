import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CONFIGURATION_FILE_BYTES } from '../../lib/cli/load-configuration-file.js'
import { parseConfigurationFile } from '../../lib/configuration-file/index.js'
import { runCli } from '../cli/support.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { cpuMillisSince } from '../support/cpu-time.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-limits-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A file of `count` merges of one anchored mapping. */
function mergeFile(count: number): string {
  const lines = ['base: &base { name: x, userClaims: [a] }', 'identityResources:']
  for (let index = 0; index < count; index++) lines.push('  - <<: *base')
  return `${lines.join('\n')}\n`
}

/** Users in configuration-file form, `count` of them. */
function usersFile(count: number): string {
  const lines = ['users:']
  for (let index = 0; index < count; index++) {
    lines.push(
      `  - sub: 8f1c0a2e-0000-4000-8000-${String(index).padStart(12, '0')}`,
      '    claims:',
      '      - { type: tenant_id, value: "42", valueType: integer }',
      '      - { type: department, value: sales }',
    )
  }
  return `${lines.join('\n')}\n`
}

/** The CLI in a child process with a 256 MB heap, printing its peak RSS (bytes) last. */
function cliWithSmallHeap(...args: string[]) {
  const peak = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss '+process.resourceUsage().maxRSS*1024+'\\n'))`
  const run = spawnSync(
    process.execPath,
    [
      '--no-warnings',
      '--max-old-space-size=256',
      '--import',
      peak,
      '--import',
      'tsx',
      'lib/cli/main.ts',
      ...args,
    ],
    {
      cwd: new URL('../../', import.meta.url),
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH },
    },
  )
  const rss = Number(/maxrss (\d+)/.exec(run.stderr)?.[1])
  return { status: run.status, signal: run.signal, output: run.stdout + run.stderr, rss }
}

describe('YAML aliases', () => {
  it.each([
    4_000, 8_000, 20_000,
  ])('refuses a file of %i merges of one anchor in linear time, with a position', (count) => {
    const text = mergeFile(count)
    const since = process.cpuUsage()
    const result = parseConfigurationFile(text, 'merges.yaml')
    const elapsed = cpuMillisSince(since)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ line: 3, column: 9 })
      expect(result.problems[0]?.message).toContain('excessive alias count')
    }
    // The alias check used to resolve each alias against the whole document:
    // 10 s for 4,000 merges, 49 s for 8,000. What is left is the YAML parse.
    expect(elapsed).toBeLessThan(5_000)
    reportFigures('security', `yaml merges: ${count}`, {
      kilobytes: text.length / 1024,
      cpuMs: elapsed,
    })
  }, 30_000)

  it('still refuses an alias whose anchor comes after it', () => {
    const result = parseConfigurationFile(
      'identityResources:\n  - *later\n  - &later { name: x, userClaims: [] }\n',
      'late.yaml',
    )
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ line: 2, column: 5 })
      expect(result.problems[0]?.message).toContain(
        'the alias *later has no anchor &later before it',
      )
    }
  })
})

describe('the size of configuration files', () => {
  it('refuses a file one byte over the limit before reading it, saying where bulk users belong', async () => {
    const path = join(dir, 'over.yaml')
    await writeFile(path, `${'#'.repeat(MAX_CONFIGURATION_FILE_BYTES)}\n`)
    const run = await runCli(['validate', path])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`over the 2,097,152-byte (2 MiB) limit for configuration files`)
    expect(run.stderr).toContain('claimsmith users import')
  })

  it('refuses a 50 MB file under a 256 MB heap without running out of memory', async () => {
    const path = join(dir, 'huge.yaml')
    await writeFile(
      path,
      usersFile(1)
        .repeat(1)
        .padEnd(50 * 1024 * 1024, '#'),
    )
    const run = cliWithSmallHeap('validate', path)
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null })
    expect(run.output).toContain('limit for configuration files')
    reportFigures('security', 'configuration file of 50 MB', { peakRssMB: run.rss / 1e6 })
    expect(run.rss).toBeLessThan(256 * 1024 * 1024)
  }, 130_000)

  it('validates a file just under the limit within 384 MB RSS under a 256 MB heap', async () => {
    const path = join(dir, 'at-limit.yaml')
    // Every user takes the same number of bytes: fill the file to just under the limit.
    const perUser = Buffer.byteLength(usersFile(2)) - Buffer.byteLength(usersFile(1))
    const count = Math.floor(
      (MAX_CONFIGURATION_FILE_BYTES - Buffer.byteLength(usersFile(0))) / perUser,
    )
    const text = usersFile(count)
    expect(MAX_CONFIGURATION_FILE_BYTES - Buffer.byteLength(text)).toBeLessThan(perUser)
    await writeFile(path, text)
    const run = cliWithSmallHeap('validate', path)
    expect(run.output).toContain(
      `is valid: 0 identity resources, 0 API scopes, 0 API resources, 0 clients, ${count} users`,
    )
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null })
    reportFigures('security', 'configuration file at the limit', {
      bytes: Buffer.byteLength(text),
      users: count,
      peakRssMB: run.rss / 1e6,
    })
    expect(run.rss).toBeLessThan(384 * 1024 * 1024)
  }, 130_000)
})
