import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ApplyConflictError,
  ApplyIncompleteError,
  applyPlan,
  type PlanWriter,
  parseConfigurationText,
  planConfiguration,
} from '../../lib/cli/index.js'
import { ClaimsStoreUnavailableError } from '../../lib/core/errors.js'
import {
  countDynamoDbRequests,
  DynamoDbClaimsWriter,
  type DynamoDbRequestCounter,
  exportClaimsTable,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import {
  CapturedOutput,
  CONFIGURATION_WITHOUT_USERS_YAML,
  CONFIGURATION_YAML,
  runCli,
  tableArgs,
} from './support.js'

describe('plan and apply', () => {
  let table: TestTable
  let dir: string
  let file: string
  let writer: DynamoDbClaimsWriter

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-apply-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    table = await dynamoDbLocal()
    writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
    file = join(dir, `claimsmith-${table.tableName}.yaml`)
    await writeFile(file, CONFIGURATION_YAML)
  })
  afterEach(async () => {
    await table.stop()
  })

  const exported = () => exportClaimsTable({ client: table.client, tableName: table.tableName })
  const plan = async (text = CONFIGURATION_YAML) => {
    const { configuration, managesUsers } = parseConfigurationText(text, 'claimsmith.yaml')
    return planConfiguration(configuration, await exported(), { manageUsers: managesUsers })
  }

  describe('plan', () => {
    it('lists every item to create on an empty table and writes nothing', async () => {
      const run = await runCli(['plan', file, ...tableArgs(table)], { table })
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`Plan for table ${table.tableName} from ${file}:`)
      expect(run.stdout).toContain(
        '+ create identity resource tenant\n      userClaims: [ tenant_id, tenant_role ]',
      )
      expect(run.stdout).toContain(
        '+ create client m2m\n      clientClaimsPrefix: svc_\n      alwaysSendClientClaims: true',
      )
      expect(run.stdout).toContain('+ create user user-2\n      active: false\n      claims: []')
      expect(run.stdout).toContain('8 to create, 0 to update, 0 to delete; 0 unchanged.')
      expect((await exported()).configuration).toHaveLength(0)
    })

    it('shows the changed fields of an update, claims line by line, and deletes only with --prune', async () => {
      await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      const changed = CONFIGURATION_YAML.replace(
        'allowedScopes: [openid, profile, tenant, orders/read]',
        'allowedScopes: [openid]\n    alwaysIncludeUserClaimsInIdToken: false',
      )
        .replace('{ type: role, value: admin }', '{ type: role, value: owner }')
        .replace('  - name: orders/write\n    userClaims: [department, approval_limit]\n', '')
        .replace('scopes: [orders/read, orders/write]', 'scopes: [orders/read]')
      await writeFile(file, changed)
      const run = await runCli(['plan', file, ...tableArgs(table)], { table })
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(
        '~ update client web (version 1)\n      allowedScopes: [ openid, profile, tenant, orders/read ] → [ openid ]\n      alwaysIncludeUserClaimsInIdToken: true (default) → false',
      )
      expect(run.stdout).toContain(
        [
          '~ update user user-1 (version 1)',
          '      claims:',
          '          { type: tenant_id, value: "42", valueType: integer }',
          '        - { type: role, value: admin }',
          '        + { type: role, value: owner }',
          '          { type: role, value: editor }',
        ].join('\n'),
      )
      expect(run.stdout).toContain(
        '- delete API scope orders/write (version 1)  (only with --prune)',
      )
      expect(run.stdout).toContain(
        '0 to create, 3 to update, 1 to delete only with --prune; 4 unchanged.',
      )
    })

    it('prints the plan as JSON with --json', async () => {
      const run = await runCli(['plan', file, '--json', ...tableArgs(table)], { table })
      const parsed = JSON.parse(run.stdout)
      expect(parsed.changes).toHaveLength(8)
      expect(parsed.changes[0]).toMatchObject({
        action: 'create',
        kind: 'identityResource',
        name: 'tenant',
      })
      expect(parsed.managedKinds).toContain('user')
    })

    it('refuses an invalid file with its problems and positions, reading no table', async () => {
      await writeFile(file, 'apiScopes:\n  - name: orders/read\n    userClaims: [sub]\n')
      const run = await runCli(['plan', file, ...tableArgs(table)], { table })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `${file}:3:18: apiScopes[0].userClaims[0] "sub" is a protocol claim`,
      )
      expect(run.stderr).toContain(`error: ${file} has 1 problem; fix it and run again`)
    })
  })

  describe('apply', () => {
    it('writes the file, then finds nothing to do and writes nothing the second time', async () => {
      const first = await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      expect(first.code).toBe(0)
      expect(first.stdout).toContain('created client web')
      expect(first.stdout).toContain(
        `Applied to table ${table.tableName}: 8 created, 0 updated, 0 deleted.`,
      )

      let requests: DynamoDbRequestCounter | undefined
      const second = await runCli(['apply', file, '--yes', ...tableArgs(table)], {
        table,
        onClient: (client) => {
          requests = countDynamoDbRequests(client)
        },
      })
      expect(second.code).toBe(0)
      expect(second.stdout).toBe(`No changes: table ${table.tableName} matches ${file}.\n`)
      expect(requests?.snapshot()).toEqual({ Query: 1, Scan: 1 })
    })

    it('writes only the items that changed, each on the version planned', async () => {
      await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      await writeFile(file, CONFIGURATION_YAML.replace('value: editor', 'value: viewer'))
      let requests: DynamoDbRequestCounter | undefined
      const run = await runCli(['apply', file, '--yes', ...tableArgs(table)], {
        table,
        onClient: (client) => {
          requests = countDynamoDbRequests(client)
        },
      })
      expect(run.stdout).toContain('1 updated')
      expect(requests?.count('PutItem')).toBe(1)
      const user = (await exported()).users.find((u) => u.sub === 'user-1')
      expect(user?.version).toBe(2)
      expect(user?.claims.at(-1)).toEqual({ type: 'role', value: 'viewer' })
    })

    it('refuses to apply without --yes when no one can be asked', async () => {
      const run = await runCli(['apply', file, ...tableArgs(table)], { table })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('not applying without confirmation: pass --yes')
      expect((await exported()).configuration).toHaveLength(0)
    })

    it.each([
      ['y', 0, 6],
      ['n', 1, 0],
    ])('asks on a terminal and applies only on yes (answer %s)', async (answer, code, created) => {
      await writeFile(file, CONFIGURATION_WITHOUT_USERS_YAML)
      const stdin = new PassThrough()
      const stderr = new CapturedOutput(true)
      const running = runCli(['apply', file, ...tableArgs(table)], {
        table,
        tty: true,
        stdin,
        stderr,
      })
      while (!stderr.text.includes('[y/N]')) await delay(10)
      expect(stderr.text).toContain(`Apply 6 changes to table ${table.tableName}? [y/N] `)
      stdin.write(`${answer}\n`)
      const run = await running
      expect(run.code).toBe(code)
      expect((await exported()).configuration).toHaveLength(created)
      if (answer === 'n') expect(run.stderr.endsWith('[y/N] Nothing applied.\n')).toBe(true)
      expect(run.stderr).not.toContain('error:')
    })

    it('reports a change made between plan and apply and keeps it', async () => {
      await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      await writeFile(file, CONFIGURATION_YAML.replace('[department]', '[department, region]'))
      const stdin = new PassThrough()
      const stderr = new CapturedOutput(true)
      const running = runCli(['apply', file, ...tableArgs(table)], {
        table,
        tty: true,
        stdin,
        stderr,
      })
      while (!stderr.text.includes('[y/N]')) await delay(10)
      await writer.putConfigurationItem(
        { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['cost_center'] } },
        { expectedVersion: 1 },
      )
      stdin.write('yes\n')
      const run = await running
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        'error: API scope orders/read changed in the table after the plan was made (it is no longer at version 1); it was not overwritten.',
      )
      expect(run.stderr).toContain('Re-run plan')
      const scope = (await exported()).configuration.find(
        (item) => item.kind === 'apiScope' && item.value.name === 'orders/read',
      )
      expect(scope).toEqual({
        kind: 'apiScope',
        version: 2,
        value: { name: 'orders/read', userClaims: ['cost_center'] },
      })
    })

    it('with --prune deletes only managed kinds the file leaves out, users only with a users key', async () => {
      await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      await writer.putUser({ sub: 'user-9', active: true, claims: [] })
      await writer.putConfigurationItem({ kind: 'client', value: { clientId: 'old', claims: [] } })

      await writeFile(file, CONFIGURATION_WITHOUT_USERS_YAML)
      const withoutUsers = await runCli(['apply', file, '--yes', '--prune', ...tableArgs(table)], {
        table,
      })
      expect(withoutUsers.code).toBe(0)
      expect(withoutUsers.stdout).toContain('deleted client old')
      expect(withoutUsers.stdout).toContain('0 created, 0 updated, 1 deleted.')
      expect((await exported()).users.map((u) => u.sub)).toEqual(['user-1', 'user-2', 'user-9'])

      await writeFile(file, CONFIGURATION_YAML)
      const noPrune = await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      expect(noPrune.stdout).toContain('would be deleted only with --prune')
      expect((await exported()).users).toHaveLength(3)

      const withUsers = await runCli(['apply', file, '--yes', '--prune', ...tableArgs(table)], {
        table,
      })
      expect(withUsers.stdout).toContain('deleted user user-9')
      expect((await exported()).users.map((u) => u.sub)).toEqual(['user-1', 'user-2'])
    })

    it('completes an apply that failed midway when run again', async () => {
      const first = await plan()
      let writes = 0
      const failing: PlanWriter = {
        putConfigurationItem: async (...args) => {
          if (++writes > 3) throw new ClaimsStoreUnavailableError('DynamoDB PutItem failed')
          return writer.putConfigurationItem(...args)
        },
        deleteConfigurationItem: (...args) => writer.deleteConfigurationItem(...args),
        putUser: (...args) => writer.putUser(...args),
        deleteUser: (...args) => writer.deleteUser(...args),
      }
      const error = await applyPlan(failing, first).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApplyIncompleteError)
      expect((error as ApplyIncompleteError).applied).toHaveLength(3)
      expect((error as Error).message).toContain(
        'apply stopped at API resource orders: DynamoDB PutItem failed. 3 of 8 changes were applied',
      )
      expect((await exported()).configuration).toHaveLength(3)

      const rest = await plan()
      expect(rest.changes.map((change) => change.action)).toEqual(Array(5).fill('create'))
      await applyPlan(writer, rest)
      expect((await plan()).changes).toEqual([])
      const done = await exported()
      expect(done.configuration).toHaveLength(6)
      expect(done.users.map((u) => [u.sub, u.active, u.claims.length])).toEqual([
        ['user-1', true, 3],
        ['user-2', false, 0],
      ])
    })

    it('stops at the first conflict without overwriting, naming what was applied', async () => {
      const planned = await plan()
      await writer.putConfigurationItem({ kind: 'client', value: { clientId: 'm2m', claims: [] } })
      const error = await applyPlan(writer, planned).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApplyConflictError)
      expect((error as ApplyConflictError).change).toMatchObject({ kind: 'client', name: 'm2m' })
      expect((error as Error).message).toContain(
        'client m2m was created in the table after the plan was made',
      )
      const m2m = (await exported()).configuration.find(
        (item) => item.kind === 'client' && item.value.clientId === 'm2m',
      )
      expect(m2m?.value).toEqual({ clientId: 'm2m', claims: [] })
    })
  })
})
