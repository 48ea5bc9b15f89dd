import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfigurationText, planConfiguration } from '../../lib/cli/index.js'
import {
  type ConfigurationFileResult,
  parseConfigurationFile,
} from '../../lib/configuration-file/index.js'
import { exportClaimsTable } from '../../lib/dynamodb/index.js'
import { runCli, tableArgs } from '../cli/support.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { cpuMillisSince } from '../support/cpu-time.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { POLLUTION_KEYS, prototypePolluted } from './support/in-memory-triggers.js'

const EXAMPLE = readFileSync(new URL('../../examples/claimsmith.yaml', import.meta.url), 'utf8')

function expectPositioned(result: ConfigurationFileResult, text: string, fileName: string) {
  expect(prototypePolluted()).toBe(false)
  if (result.ok) return
  const lines = text.split(/\r\n|\r|\n/).length
  expect(result.problems.length).toBeGreaterThan(0)
  for (const problem of result.problems) {
    expect(problem.file).toBe(fileName)
    expect(problem.line).toBeGreaterThanOrEqual(1)
    expect(problem.line).toBeLessThanOrEqual(lines + 1)
    expect(problem.column).toBeGreaterThanOrEqual(1)
    expect(problem.message.length).toBeGreaterThan(0)
  }
}

/** YAML an attacker (or a bad merge) could hand the CLI: alias bombs, deep nesting, pollution keys. */
const hostileYaml = fc.oneof(
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    // "Billion laughs": each level refers to the previous one nine times.
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (let i = 1; i < levels; i += 1) {
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      )
    }
    lines.push(`identityResources:\n  - name: bomb\n    userClaims: *a${levels - 1}`)
    return lines.join('\n')
  }),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((depth) => `identityResources: ${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 100, max: 5_000 })
    .map(
      (depth) =>
        `clients:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n')}`,
    ),
  fc
    .constantFrom(...POLLUTION_KEYS)
    .map(
      (key) =>
        `${key}: {polluted: true}\nidentityResources:\n  - name: x\n    userClaims: [a]\n    ${key}: {polluted: true}\nclients:\n  - clientId: c\n    ${key}:\n      polluted: true\n`,
    ),
  fc.constantFrom(
    'identityResources: !!js/function "function(){}"',
    'clients: !!binary aGVsbG8=',
    '<<: {users: []}\nidentityResources: []',
    'a: &x {polluted: true}\n__proto__: *x',
    'identityResources:\n  - name: a\n    userClaims: [a]\nidentityResources: []',
    '%YAML 1.1\n---\nidentityResources: []\n...\n---\nclients: []',
    `clients:\n  - clientId: ${'x'.repeat(200_000)}`,
  ),
)

const hostileJson = fc.oneof(
  fc
    .constantFrom(...POLLUTION_KEYS)
    .map(
      (key) =>
        `{"${key}": {"polluted": true}, "identityResources": [{"name": "x", "userClaims": ["a"], "${key}": {"polluted": true}}]}`,
    ),
  fc
    .integer({ min: 100, max: 50_000 })
    .map((depth) => `{"clients": ${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.jsonValue().map((value) => JSON.stringify({ identityResources: value, __proto__: value })),
)

describe('configuration files, fuzzed', () => {
  it('gives positioned problems or a configuration for hostile YAML, in bounded time, never throwing or polluting', () => {
    fc.assert(
      fc.property(hostileYaml, (text) => {
        const since = process.cpuUsage()
        expectPositioned(parseConfigurationFile(text, 'claimsmith.yaml'), text, 'claimsmith.yaml')
        expect(cpuMillisSince(since)).toBeLessThan(3_000)
      }),
      { numRuns: 100 },
    )
  })

  it('gives positioned problems or a configuration for hostile JSON, in bounded time, never throwing or polluting', () => {
    fc.assert(
      fc.property(hostileJson, (text) => {
        const since = process.cpuUsage()
        expectPositioned(parseConfigurationFile(text, 'claimsmith.json'), text, 'claimsmith.json')
        expect(cpuMillisSince(since)).toBeLessThan(3_000)
      }),
      { numRuns: 100 },
    )
  })
})

describe('deeply nested files, read twice in one process', () => {
  // Before the depth limit, the second file aborted Node ("FATAL ERROR: RegExpCompiler
  // Allocation failed"), exit 134: no problem reported, an import cut short.
  it('are refused with a positioned problem by validate and users import, never aborting the process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'claimsmith-deep-'))
    try {
      const nest = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
      await writeFile(join(dir, 'deep.json'), `{"clients": ${nest(1_500)}}`)
      await writeFile(join(dir, 'deep.yaml'), `{"clients": ${nest(1_500)}}`)
      await writeFile(
        join(dir, 'users.jsonl'),
        [1, 2, 3].map((n) => `{"sub":"deep-${n}","claims":${nest(1_500)}}`).join('\n'),
      )
      const cli = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ['--no-warnings', '--import', 'tsx', 'lib/cli/main.ts', ...args],
          {
            cwd: new URL('../../', import.meta.url),
            encoding: 'utf8',
            timeout: 60_000,
            env: {
              PATH: process.env.PATH,
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
              AWS_EC2_METADATA_DISABLED: 'true',
            },
          },
        )
      const validate = cli(
        'validate',
        join(dir, 'deep.json'),
        join(dir, 'deep.json'),
        join(dir, 'deep.yaml'),
      )
      expect({ status: validate.status, signal: validate.signal }).toEqual({
        status: 1,
        signal: null,
      })
      expect(validate.stdout + validate.stderr).toContain(
        'deep.json:1:76: invalid JSON: [ and { nest more than 64 levels deep',
      )
      expect(validate.stdout + validate.stderr).toContain(
        'deep.yaml:1:76: invalid YAML: [ and { nest more than 64 levels deep',
      )
      // The endpoint is a closed loopback port: every record fails before anything is written.
      const imported = cli(
        'users',
        'import',
        join(dir, 'users.jsonl'),
        '--table',
        't',
        '--endpoint',
        'http://127.0.0.1:9',
        '--region',
        'us-east-1',
      )
      expect({ status: imported.status, signal: imported.signal }).toEqual({
        status: 1,
        signal: null,
      })
      expect(imported.stdout).toContain('Failed lines: 1, 2, 3')
      reportFigures('security', 'deeply nested files read twice in one process', {
        validateExit: validate.status,
        importExit: imported.status,
        aborted: 0,
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

/** The example file with a few characters or lines changed. */
const mutatedExample = fc
  .array(
    fc.tuple(
      fc.nat({ max: 4 }),
      fc.nat(),
      fc.oneof(
        fc.constantFrom(
          ':',
          '-',
          ' ',
          '\t',
          '[',
          ']',
          '{',
          '}',
          '"',
          '#',
          '&a',
          '*a',
          '\n',
          'sub',
          '__proto__',
          'cognito:groups',
          'integer',
        ),
        fc.string({ maxLength: 6 }),
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((mutations) =>
    mutations.reduce((text, [kind, rawAt, extra]) => {
      const at = rawAt % (text.length + 1)
      const lines = text.split('\n')
      const line = rawAt % lines.length
      switch (kind) {
        case 0:
          return text.slice(0, at) + text.slice(at + 1)
        case 1:
          return text.slice(0, at) + extra + text.slice(at)
        case 2:
          return text.slice(0, at) + extra + text.slice(at + extra.length)
        case 3:
          return lines.filter((_, i) => i !== line).join('\n')
        default:
          return lines.map((each, i) => (i === line ? ` ${each}` : each)).join('\n')
      }
    }, EXAMPLE),
  )

describe('claimsmith apply of fuzzed configuration files', () => {
  let table: TestTable
  let dir: string
  let baseline: string
  const tally = { refused: 0, applied: 0 }

  const snapshot = async () =>
    JSON.stringify(await exportClaimsTable({ client: table.client, tableName: table.tableName }))

  beforeAll(async () => {
    table = await dynamoDbLocal()
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-fuzz-apply-'))
    await writeFile(join(dir, 'example.yaml'), EXAMPLE)
    const applied = await runCli(
      ['apply', join(dir, 'example.yaml'), ...tableArgs(table), '--yes', '--prune'],
      { table },
    )
    expect(applied.code).toBe(0)
    baseline = await snapshot()
  })

  afterAll(async () => {
    reportFigures('security', 'apply of fuzzed configuration files', {
      cases: tally.refused + tally.applied,
      refusedTableUntouched: tally.refused,
      appliedWhole: tally.applied,
      partial: 0,
    })
    await table?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('either refuses the file with positioned problems and leaves the table as it was, or applies it whole', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(mutatedExample, async (text) => {
        run += 1
        const file = join(dir, `fuzzed-${run}.yaml`)
        await writeFile(file, text)
        const result = await runCli(['apply', file, ...tableArgs(table), '--yes', '--prune'], {
          table,
        })
        expect(prototypePolluted()).toBe(false)
        expect(result.stderr).not.toMatch(/\n\s+at /)
        if (result.code !== 0) {
          tally.refused += 1
          expect(result.code, result.stderr).toBe(1)
          expect(result.stderr).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}:\\d+:\\d+: `))
          expect(await snapshot()).toBe(baseline)
          return
        }
        tally.applied += 1
        const { configuration, managesUsers } = parseConfigurationText(text, file)
        const exported = await exportClaimsTable({
          client: table.client,
          tableName: table.tableName,
        })
        expect(
          planConfiguration(configuration, exported, { manageUsers: managesUsers }).changes,
        ).toEqual([])
        // Put the example back for the next case.
        const restored = await runCli(
          ['apply', join(dir, 'example.yaml'), ...tableArgs(table), '--yes', '--prune'],
          { table },
        )
        expect(restored.code).toBe(0)
        baseline = await snapshot()
      }),
      { numRuns: 150 },
    )
  }, 120_000)
})
