import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DynamoDbClaimsWriter, exportClaimsTable } from '../../lib/dynamodb/index.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'
import { runCli, tableArgs } from './support.js'

describe('claimsmith users', () => {
  let table: TestTable
  let users: (...args: string[]) => ReturnType<typeof runCli>

  beforeEach(async () => {
    table = await startDynalite()
    users = (...args) => runCli(['users', ...args, ...tableArgs(table)], { table })
    await new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }).putUser({
      sub: 'u-1',
      active: true,
      claims: [
        { type: 'role', value: 'admin' },
        { type: 'tenant_id', value: '42', valueType: 'integer' },
        { type: 'role', value: 'editor' },
      ],
    })
  })
  afterEach(async () => {
    await table.stop()
  })

  const stored = async (sub: string) =>
    (await exportClaimsTable({ client: table.client, tableName: table.tableName })).users.find(
      (u) => u.sub === sub,
    )

  describe('get', () => {
    it('prints the user with its version, as plain lines, a table or JSON', async () => {
      const plain = await users('get', '--sub', 'u-1')
      expect(plain.stdout).toBe(
        [
          'sub: u-1',
          'active: true',
          'version: 1',
          'claims:',
          '  - { type: role, value: admin }',
          '  - { type: tenant_id, value: "42", valueType: integer }',
          '  - { type: role, value: editor }',
          '',
        ].join('\n'),
      )
      const tty = await runCli(['users', 'get', '--sub', 'u-1', ...tableArgs(table)], {
        table,
        tty: true,
      })
      expect(tty.stdout).toMatch(/^TYPE +VALUE +VALUE TYPE\nrole +admin\ntenant_id +42 +integer\n/m)
      const json = await users('get', '--sub', 'u-1', '--json')
      expect(JSON.parse(json.stdout)).toMatchObject({ sub: 'u-1', active: true, version: 1 })
    })

    it('fails for a user without a record', async () => {
      const run = await users('get', '--sub', 'nobody')
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(`error: user nobody has no record in table ${table.tableName}\n`)
    })
  })

  describe('set-claim', () => {
    it('replaces the claims of a type in place with typed values', async () => {
      const run = await users(
        'set-claim',
        '--sub',
        'u-1',
        '--type',
        'role',
        '--value',
        'owner',
        '--value',
        'viewer',
      )
      expect(run).toMatchObject({ code: 0, stdout: 'Set 2 role claims of user u-1 (version 2).\n' })
      expect((await stored('u-1'))?.claims).toEqual([
        { type: 'role', value: 'owner' },
        { type: 'role', value: 'viewer' },
        { type: 'tenant_id', value: '42', valueType: 'integer' },
      ])
    })

    it('creates a user that has no record', async () => {
      const run = await users(
        'set-claim',
        '--sub',
        'u-new',
        '--type',
        'tier',
        '--value',
        '3',
        '--value-type',
        'integer',
      )
      expect(run.stdout).toBe('Created user u-new with 1 tier claim (version 1).\n')
      expect(await stored('u-new')).toEqual({
        sub: 'u-new',
        active: true,
        version: 1,
        claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
      })
    })

    it.each([
      [
        ['--type', 'tier', '--value', 'three', '--value-type', 'integer'],
        '--value "three" of claim "tier" does not parse as integer',
      ],
      [['--type', 'sub', '--value', 'x'], '--type "sub" is a protocol claim'],
      [['--type', 'dev:x', '--value', 'x'], '--type "dev:x" starts with "dev:"'],
    ])('refuses %j with the rule it breaks and writes nothing', async (args, message) => {
      const run = await users('set-claim', '--sub', 'u-1', ...args)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(message)
      expect(run.stderr).toContain('error: the claim was not written')
      expect((await stored('u-1'))?.version).toBe(1)
    })

    it('refuses to write on a stale --expected-version', async () => {
      const run = await users(
        'set-claim',
        '--sub',
        'u-1',
        '--type',
        'role',
        '--value',
        'x',
        '--expected-version',
        '7',
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(
        'error: user u-1 changed since version 7; nothing was written. Read it again with users get and retry.\n',
      )
    })
  })

  describe('remove-claim', () => {
    it('removes one value, then says when nothing matches', async () => {
      const run = await users('remove-claim', '--sub', 'u-1', '--type', 'role', '--value', 'admin')
      expect(run.stdout).toBe('Removed 1 role claim of user u-1 (version 2).\n')
      expect((await stored('u-1'))?.claims.map((c) => c.value)).toEqual(['42', 'editor'])
      const none = await users('remove-claim', '--sub', 'u-1', '--type', 'color')
      expect(none.stdout).toBe('User u-1 has no color claim; nothing changed.\n')
      expect((await stored('u-1'))?.version).toBe(2)
    })

    it('keeps claims the reader cannot use when it removes another type', async () => {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            pk: 'USER#u-2',
            sk: 'PROFILE',
            kind: 'user',
            schemaVersion: 1,
            version: 1,
            sub: 'u-2',
            active: true,
            claims: [
              { type: 'odd', value: 1 },
              { type: 'role', value: 'x' },
            ],
          },
        }),
      )
      const run = await users('remove-claim', '--sub', 'u-2', '--type', 'role')
      expect(run.stdout).toBe('Removed 1 role claim of user u-2 (version 2).\n')
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: { pk: 'USER#u-2', sk: 'PROFILE' } }),
      )
      expect(Item?.claims).toEqual([{ type: 'odd', value: 1 }])
    })
  })

  describe('activate and deactivate', () => {
    it('flips the active flag and fails for a missing user', async () => {
      expect((await users('deactivate', '--sub', 'u-1')).stdout).toBe(
        'User u-1 is inactive (version 2).\n',
      )
      expect((await stored('u-1'))?.active).toBe(false)
      expect((await users('activate', '--sub', 'u-1')).stdout).toBe(
        'User u-1 is active (version 3).\n',
      )
      const missing = await users('activate', '--sub', 'nobody')
      expect(missing).toMatchObject({ code: 1, stderr: 'error: user nobody does not exist\n' })
    })
  })
})
