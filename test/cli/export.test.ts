import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  exportConfiguration,
  formatConfigurationFile,
  parseConfigurationText,
  planConfiguration,
} from '../../lib/cli/index.js'
import { claimTypeRestriction } from '../../lib/core/index.js'
import {
  type ClaimsTableExport,
  DynamoDbClaimsWriter,
  type VersionedConfigurationItem,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { CONFIGURATION_YAML, runCli, tableArgs } from './support.js'

const AWKWARD_YAML = `${CONFIGURATION_YAML}  - sub: user-3
    claims:
      - { type: note, value: "two\\nlines, \\"quoted\\" and: colon # not a comment" }
      - { type: flags, value: '{"beta": true}', valueType: json }
      - { type: big, value: "9007199254740991", valueType: integer64 }
      - { type: yes_word, value: "yes" }
      - { type: empty, value: "" }
      - { type: unicode, value: "Zoë – 東京 \\u2028" }
`

describe('export', () => {
  let source: TestTable
  let target: TestTable
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-export-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    ;[source, target] = await Promise.all([dynamoDbLocal(), dynamoDbLocal()])
  })
  afterEach(async () => {
    await Promise.all([source.stop(), target.stop()])
  })

  it.each([
    'yaml',
    'json',
  ] as const)('gives the same %s after apply on an empty table and export again', async (format) => {
    const file = join(dir, `input-${format}.yaml`)
    await writeFile(file, AWKWARD_YAML)
    expect(
      (await runCli(['apply', file, '--yes', ...tableArgs(source)], { table: source })).code,
    ).toBe(0)

    const first = await runCli(['export', '--format', format, ...tableArgs(source)], {
      table: source,
    })
    expect(first.code).toBe(0)
    expect(first.stderr).toBe('')
    const exportedFile = join(dir, `exported.${format}`)
    await writeFile(exportedFile, first.stdout)

    const applied = await runCli(['apply', exportedFile, '--yes', ...tableArgs(target)], {
      table: target,
    })
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain('9 created')
    const second = await runCli(['export', '--format', format, ...tableArgs(target)], {
      table: target,
    })
    expect(second.stdout).toBe(first.stdout)
  })

  it('sorts each section, keeps claims in stored order and leaves defaults out', async () => {
    const writer = new DynamoDbClaimsWriter({ client: source.client, tableName: source.tableName })
    await writer.putConfigurationItem({
      kind: 'client',
      value: {
        clientId: 'b-client',
        clientClaimsPrefix: 'client_',
        alwaysSendClientClaims: false,
        alwaysIncludeUserClaimsInIdToken: true,
        claims: [],
      },
    })
    await writer.putConfigurationItem({
      kind: 'client',
      value: { clientId: 'c-client', alwaysIncludeUserClaimsInIdToken: false, claims: [] },
    })
    await writer.putConfigurationItem({
      kind: 'client',
      value: {
        clientId: 'a-client',
        allowedScopes: [],
        claims: [
          { type: 'z', value: '1' },
          { type: 'a', value: '2' },
        ],
      },
    })
    await writer.putUser({ sub: 'u-2', active: true, claims: [] })
    await writer.putUser({ sub: 'u-1', active: false, claims: [] })
    const run = await runCli(['export', ...tableArgs(source)], { table: source })
    expect(run.stdout).toBe(
      [
        '# yaml-language-server: $schema=./node_modules/claimsmith/schema/claimsmith.schema.json',
        '',
        'clients:',
        '  - clientId: a-client',
        '    allowedScopes: []',
        '    claims:',
        '      - { type: z, value: "1" }',
        '      - { type: a, value: "2" }',
        '  - clientId: b-client',
        '  - clientId: c-client',
        '    alwaysIncludeUserClaimsInIdToken: false',
        'users:',
        '  - sub: u-1',
        '    active: false',
        '    claims: []',
        '  - sub: u-2',
        '    claims: []',
        '',
      ].join('\n'),
    )
  })

  it('warns about stored claims it cannot read or that would not validate, and still exports', async () => {
    await source.client.send(
      new PutCommand({
        TableName: source.tableName,
        Item: {
          pk: 'USER#u-1',
          sk: 'PROFILE',
          kind: 'user',
          schemaVersion: 1,
          version: 1,
          sub: 'u-1',
          active: true,
          claims: [
            { type: 'tier', value: 3 },
            { type: 'level', value: 'high', valueType: 'integer' },
          ],
        },
      }),
    )
    const run = await runCli(['export', ...tableArgs(source)], { table: source })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(
      'warning: user u-1: stored claim 1 (tier) cannot be read and is left out: "value" is not a string',
    )
    expect(run.stderr).toMatch(
      /warning: export\.yaml:\d+:\d+: users\[0\]\.claims\[0\]\.value "high" of claim "level" does not parse as integer/,
    )
    expect(run.stdout).toContain('- { type: level, value: high, valueType: integer }')
  })

  it('writes to --output and refuses an unknown --format', async () => {
    const output = join(dir, 'out.json')
    const run = await runCli(['export', '--format', 'json', '-o', output, ...tableArgs(source)], {
      table: source,
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(await readFile(output, 'utf8'))).toEqual({
      $schema: './node_modules/claimsmith/schema/claimsmith.schema.json',
    })
    const bad = await runCli(['export', '--format', 'toml', ...tableArgs(source)], {
      table: source,
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format must be yaml or json, not "toml"')
  })
})

const emittable = (type: string) => claimTypeRestriction(type) === undefined
const name = fc.stringMatching(/^[a-z][a-z0-9_/.-]{0,11}$/)
const claim = fc.record(
  {
    type: fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/),
    value: fc.string({ unit: 'grapheme', maxLength: 12 }),
  },
  { requiredKeys: ['type', 'value'] },
)

describe('exportConfiguration and formatConfigurationFile', () => {
  it('write text that reads back as exactly what was exported', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name,
            userClaims: fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 3 }),
          }),
          {
            selector: (r) => r.name,
            maxLength: 3,
          },
        ),
        fc.uniqueArray(
          fc.record({
            clientId: name,
            clientClaimsPrefix: fc.constantFrom('client_', 'x_', ''),
            alwaysSendClientClaims: fc.boolean(),
            alwaysIncludeUserClaimsInIdToken: fc.boolean(),
            claims: fc.array(claim, { maxLength: 3 }),
          }),
          { selector: (c) => c.clientId, maxLength: 3 },
        ),
        fc.uniqueArray(
          fc.record({ sub: name, active: fc.boolean(), claims: fc.array(claim, { maxLength: 4 }) }),
          { selector: (u) => u.sub, maxLength: 3 },
        ),
        fc.constantFrom('yaml' as const, 'json' as const),
        (identityResources, clients, users, format) => {
          const table: ClaimsTableExport = {
            configuration: [
              ...identityResources
                .filter((r) => !['openid', 'profile', 'email', 'address', 'phone'].includes(r.name))
                .filter((r) => r.userClaims.every(emittable))
                .map(
                  (value): VersionedConfigurationItem => ({
                    kind: 'identityResource',
                    version: 1,
                    value,
                  }),
                ),
              ...clients
                .filter((c) =>
                  c.claims.every((cl) => emittable(`${c.clientClaimsPrefix}${cl.type}`)),
                )
                .map(
                  (value): VersionedConfigurationItem => ({ kind: 'client', version: 1, value }),
                ),
            ],
            users: users
              .filter((u) => u.claims.every((cl) => emittable(cl.type)))
              .map((u) => ({ ...u, version: 1 })),
            legacyClientIds: [],
          }
          const text = formatConfigurationFile(exportConfiguration(table), format)
          const { configuration, managesUsers } = parseConfigurationText(text, `export.${format}`)
          const plan = planConfiguration(configuration, table, { manageUsers: managesUsers })
          expect(plan.changes).toEqual([])
          expect(formatConfigurationFile(exportConfiguration(table), format)).toBe(text)
        },
      ),
      { numRuns: 150 },
    )
  })
})
