import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initialClaimsTestsTemplate } from '../../lib/claims-tests/index.js'
import { main } from '../../lib/cli/index.js'
import { initialConfigurationTemplate } from '../../lib/configuration-file/index.js'
import { dynamoDbLocal } from '../support/dynamodb.js'
import { CapturedOutput, runCli, tableArgs } from './support.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

describe('main', () => {
  it('lists every command with examples on --help', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    for (const command of [
      'init',
      'validate',
      'create-table',
      'plan',
      'apply',
      'export',
      'explain',
      'migrate',
      'users',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'))
    }
    expect(run.stdout).toContain('Examples:\n  claimsmith init claimsmith.yaml')
    expect(run.stdout).toContain('Exit codes: 0 success, 1 failure, 2 usage error')
  })

  it.each([
    [['plan', '--help']],
    [['help', 'plan']],
    [['plan', 'x.yaml', '--bogus', '-h']],
  ])('prints a command’s options and examples for %j', async (args) => {
    const run = await runCli(args)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('claimsmith plan: show what apply would create')
    expect(run.stdout).toMatch(
      /^ {6}--table <name> +the claims table \(default: \$CLAIMS_TABLE\)$/m,
    )
    expect(run.stdout).toContain('Examples:\n  claimsmith plan claimsmith.yaml --table claims')
  })

  it('lists the users subcommands, and each has help', async () => {
    const run = await runCli(['users', '--help'])
    expect(run.stdout).toMatch(/^ {2}set-claim +give a user exactly these claims/m)
    const importHelp = await runCli(['users', 'import', '--help'])
    expect(importHelp.stdout).toContain('the rows of one user must be')
  })

  it('prints the version', async () => {
    const packageJson = JSON.parse(await readFile('package.json', 'utf8'))
    expect(await runCli(['--version'])).toEqual({
      code: 0,
      stdout: `${packageJson.version}\n`,
      stderr: '',
    })
  })

  it.each([
    [[], 'error: missing command', 'claimsmith --help'],
    [['expot'], 'error: unknown command "expot" (did you mean export?)', 'claimsmith --help'],
    [['users'], 'error: missing users subcommand', 'claimsmith users --help'],
    [
      ['users', 'gett'],
      'error: unknown users subcommand "gett" (did you mean get?)',
      'claimsmith users --help',
    ],
    [['plan'], 'error: missing file (the configuration file)', 'claimsmith plan --help'],
    [['plan', 'a.yaml', 'b.yaml'], 'error: unexpected argument "b.yaml"', 'claimsmith plan --help'],
    [
      ['plan', 'a.yaml', '--tabel', 't'],
      'error: unknown option --tabel (did you mean --table?)',
      'claimsmith plan --help',
    ],
    [
      ['plan', 'a.yaml', '--table'],
      'error: option --table needs a value',
      'claimsmith plan --help',
    ],
    [
      ['plan', 'a.yaml', '--prune=yes'],
      'error: option --prune takes no value',
      'claimsmith plan --help',
    ],
    [['plan', 'a.yaml'], 'error: missing --table (or set CLAIMS_TABLE)', 'claimsmith plan --help'],
    [
      ['export', '--table', 't', '--endpoint', 'localhost'],
      'error: --endpoint "localhost" is not a URL',
      'claimsmith export --help',
    ],
    [['users', 'get', '--table', 't'], 'error: missing --sub', 'claimsmith users get --help'],
  ])('exits with 2 and says what is wrong for %j', async (args, message, pointer) => {
    const run = await runCli(args)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain(`Run ${pointer} for usage.`)
  })

  it('takes the table from CLAIMS_TABLE', async () => {
    const table = await dynamoDbLocal()
    try {
      const run = await runCli(['export', '--endpoint', table.endpoint, '--region', 'us-east-1'], {
        table,
        env: { CLAIMS_TABLE: table.tableName },
      })
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('{}')
    } finally {
      await table.stop()
    }
  })

  it('prints a store failure as one line with the SDK’s reason and no stack', async () => {
    const table = await dynamoDbLocal()
    try {
      const args = [
        'export',
        ...tableArgs(table).map((arg) => (arg === table.tableName ? 'no-such-table' : arg)),
      ]
      const run = await runCli(args, { table })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(
        /^error: DynamoDB Query of the configuration failed permanently: ResourceNotFoundException: .*\(does the table exist/,
      )
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
    } finally {
      await table.stop()
    }
  })

  it('prints an unexpected error briefly, and its stack only with --debug', async () => {
    const io = (stderr: CapturedOutput) => ({
      stdout: new CapturedOutput(),
      stderr,
      createDynamoDbClient: () => {
        throw new Error('boom')
      },
    })
    const quiet = new CapturedOutput()
    expect(await main(['export', '--table', 't'], io(quiet))).toBe(1)
    expect(quiet.text).toBe(
      'error: unexpected: boom\nRun again with --debug to see the stack trace.\n',
    )
    const loud = new CapturedOutput()
    expect(await main(['--debug', 'export', '--table', 't'], io(loud))).toBe(1)
    expect(loud.text).toMatch(/^error: unexpected: boom\nError: boom\n\s+at /)
  })
})

describe('init and validate', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-init-'))
    // A project with claimsmith installed.
    const installed = join(dir, 'node_modules', 'claimsmith', 'schema')
    await mkdir(installed, { recursive: true })
    await writeFile(join(installed, 'claimsmith.schema.json'), '{}')
    await writeFile(join(installed, 'claimsmith-tests.schema.json'), '{}')
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the template, which validates, and refuses to overwrite it without --force', async () => {
    const first = await runCli(['init'], { cwd: dir })
    expect(first).toEqual({
      code: 0,
      stdout:
        'Wrote claimsmith.yaml and claimsmith.tests.yaml. Next: claimsmith validate claimsmith.yaml, then claimsmith test claimsmith.yaml claimsmith.tests.yaml\n',
      stderr: '',
    })
    const text = await readFile(join(dir, 'claimsmith.yaml'), 'utf8')
    expect(text).toBe(initialConfigurationTemplate())
    expect(await readFile(join(dir, 'claimsmith.tests.yaml'), 'utf8')).toBe(
      initialClaimsTestsTemplate(),
    )
    const tested = await runCli(['test', 'claimsmith.yaml', 'claimsmith.tests.yaml'], { cwd: dir })
    expect(tested).toEqual({
      code: 0,
      stdout: '4 tests passed (claimsmith.tests.yaml)\n',
      stderr: '',
    })

    const again = await runCli(['init'], { cwd: dir })
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('error: claimsmith.yaml exists; pass --force to overwrite it\n')

    await writeFile(join(dir, 'claimsmith.yaml'), 'changed')
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0)
    expect(await readFile(join(dir, 'claimsmith.yaml'), 'utf8')).toBe(text)

    const valid = await runCli(['validate', 'claimsmith.yaml'], { cwd: dir })
    expect(valid.code).toBe(0)
    expect(valid.stdout).toBe(
      'claimsmith.yaml is valid: 1 identity resource, 3 API scopes, 2 API resources, 2 clients, 2 users\n',
    )
  })

  it('points a nested file at the installed package schema relative to it', async () => {
    await runCli(['init', 'config/claims.yaml'], { cwd: dir })
    const text = await readFile(join(dir, 'config', 'claims.yaml'), 'utf8')
    expect(text.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/claimsmith/schema/claimsmith.schema.json',
    )
    const tests = await readFile(join(dir, 'config', 'claims.tests.yaml'), 'utf8')
    expect(tests.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/claimsmith/schema/claimsmith-tests.schema.json',
    )
  })

  it("points at the running CLI's own schema where the package is not installed (a clone)", async () => {
    const clone = await mkdtemp(join(tmpdir(), 'claimsmith-init-clone-'))
    try {
      await runCli(['init'], { cwd: clone })
      const reference = (await readFile(join(clone, 'claimsmith.yaml'), 'utf8'))
        .split('\n')[0]
        ?.replace('# yaml-language-server: $schema=', '')

      expect(resolve(clone, reference ?? '')).toBe(join(ROOT, 'schema', 'claimsmith.schema.json'))
    } finally {
      await rm(clone, { recursive: true, force: true })
    }
  })

  it('prints each problem of a broken file as file:line:column: message (hint) and exits with 1', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      [
        'clients:',
        '  - clientId: web',
        '    claims:',
        '      - { type: tier, value: "x", valueType: integer }',
        'userz: []',
        '',
      ].join('\n'),
    )
    const run = await runCli(['validate', 'broken.yaml'], { cwd: dir })
    expect(run.code).toBe(1)
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^broken\.yaml:5:1: .*"userz".* \(.+\)$/)
    expect(lines[1]).toBe('broken.yaml: 1 problem')
  })

  it('reports a file it cannot read as a failure, not a usage error', async () => {
    const run = await runCli(['validate', 'missing.yaml'], { cwd: dir })
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: cannot read missing.yaml: no such file\n',
    })
  })
})

describe('create-table', () => {
  it('creates the table, and fails with one line when it exists', async () => {
    const table = await dynamoDbLocal()
    try {
      const name = `${table.tableName}-created`
      const args = tableArgs(table).map((arg) => (arg === table.tableName ? name : arg))
      const created = await runCli(['create-table', ...args], { table })
      expect(created).toEqual({ code: 0, stdout: `Created table ${name}.\n`, stderr: '' })
      const again = await runCli(['create-table', ...args], { table })
      expect(again).toEqual({
        code: 1,
        stdout: '',
        stderr: `error: table ${name} already exists\n`,
      })
      const { DeleteTableCommand } = await import('@aws-sdk/client-dynamodb')
      await table.client.send(new DeleteTableCommand({ TableName: name }))
    } finally {
      await table.stop()
    }
  })
})

describe('migrate', () => {
  it('moves schema-1 clients, says so, and says there is nothing left on a second run; plan refuses until then', async () => {
    const table = await dynamoDbLocal()
    try {
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            pk: { S: 'CONFIG' },
            sk: { S: 'CLIENT#web' },
            kind: { S: 'client' },
            schemaVersion: { N: '1' },
            version: { N: '1' },
            clientId: { S: 'web' },
            claims: { L: [] },
          },
        }),
      )
      const directory = await mkdtemp(join(tmpdir(), 'claimsmith-migrate-'))
      try {
        await writeFile(join(directory, 'c.yaml'), 'clients:\n  - clientId: web\n')
        const refused = await runCli(['plan', 'c.yaml', ...tableArgs(table)], {
          table,
          cwd: directory,
        })
        expect(refused.code).toBe(1)
        expect(refused.stderr).toContain(
          `keeps 1 client(s) where schema version 1 put them; run claimsmith migrate --table ${table.tableName} first`,
        )
        const moved = await runCli(['migrate', ...tableArgs(table)], { table })
        expect(moved).toEqual({
          code: 0,
          stdout: `Moved 1 client(s) of table ${table.tableName} to their own items.\n`,
          stderr: '',
        })
        const again = await runCli(['migrate', ...tableArgs(table)], { table })
        expect(again).toEqual({
          code: 0,
          stdout: `Table ${table.tableName} is at schema version 2: nothing to migrate.\n`,
          stderr: '',
        })
        const planned = await runCli(['plan', 'c.yaml', ...tableArgs(table)], {
          table,
          cwd: directory,
        })
        expect(planned.code).toBe(0)
      } finally {
        await rm(directory, { recursive: true, force: true })
      }
    } finally {
      await table.stop()
    }
  })
})
