import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { DynamoDbClaimsWriter, exportClaimsTable } from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS } from '../../lib/local/local-aws.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'
import { type FakeCognitoSignOut, startFakeCognitoSignOut } from './fakes/fake-cognito-sign-out.js'
import { runCli, tableArgs } from './support.js'

const POOL = 'eu-west-1_SignOut'
const SUB = '8f1c0a2e-0000-4000-8000-000000000001'

describe('claimsmith users sign-out', () => {
  let table: TestTable
  let cognito: FakeCognitoSignOut
  const signOut = (...args: string[]) =>
    runCli(['users', 'sign-out', '--sub', SUB, ...args, ...tableArgs(table)], { table })
  const stored = async () =>
    (await exportClaimsTable({ client: table.client, tableName: table.tableName })).users.find(
      (user) => user.sub === SUB,
    )

  beforeAll(async () => {
    cognito = await startFakeCognitoSignOut(POOL, [{ username: 'alice', sub: SUB }])
  })
  afterAll(async () => {
    await cognito?.stop()
  })
  beforeEach(async () => {
    table = await startDynalite()
    await new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }).putUser({
      sub: SUB,
      active: true,
      claims: [],
    })
    // The Cognito client signs its requests with the SDK's credential chain.
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey)
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await table.stop()
  })

  it('sets tokensValidAfter to now and says plainly that refresh tokens still work', async () => {
    const before = Math.floor(Date.now() / 1000)
    const run = await signOut()
    expect(run.code).toBe(0)
    const user = await stored()
    expect(user?.tokensValidAfter).toBeGreaterThanOrEqual(before)
    expect(run.stdout).toContain(`User ${SUB} is signed out as of `)
    expect(run.stdout).toContain(`tokensValidAfter ${user?.tokensValidAfter}, version 2`)
    expect(run.stdout).toContain('Refresh tokens still work')
    expect(cognito.signedOut).toEqual([])
  })

  it('with --user-pool-id also signs the user out of Cognito, found by sub', async () => {
    const run = await signOut('--user-pool-id', POOL, '--cognito-endpoint', cognito.endpoint)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(cognito.filters.at(-1)).toBe(`sub = "${SUB}"`)
    expect(cognito.signedOut.at(-1)).toBe('alice')
    expect(run.stdout).toContain(`Cognito signed out alice in ${POOL} (AdminUserGlobalSignOut)`)
    expect(run.stdout).not.toContain('Refresh tokens still work')
    expect((await stored())?.tokensValidAfter).toEqual(expect.any(Number))
  })

  it('fails naming the pool when Cognito has no user with the sub, after the table sign-out', async () => {
    const run = await signOut(
      '--user-pool-id',
      'eu-west-1_Other',
      '--cognito-endpoint',
      cognito.endpoint,
    )
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain(
      'the table sign-out is written, but Cognito did not sign the user out',
    )
    expect((await stored())?.tokensValidAfter).toEqual(expect.any(Number))
  })

  it('fails for a user the table does not have, writing nothing', async () => {
    const run = await runCli(['users', 'sign-out', '--sub', 'nobody', ...tableArgs(table)], {
      table,
    })
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('user nobody does not exist')
  })

  it('refuses --cognito-endpoint without --user-pool-id', async () => {
    const run = await signOut('--cognito-endpoint', cognito.endpoint)
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain('--cognito-endpoint needs --user-pool-id')
    expect((await stored())?.tokensValidAfter).toBeUndefined()
  })

  it('stays in force when users import or apply replaces the user, since files carry no sign-out time', async () => {
    expect((await signOut()).code).toBe(0)
    const signedOut = (await stored())?.tokensValidAfter
    const dir = await mkdtemp(join(tmpdir(), 'claimsmith-sign-out-'))
    try {
      const lines = join(dir, 'users.jsonl')
      await writeFile(
        lines,
        `${JSON.stringify({ sub: SUB, claims: [{ type: 'tier', value: '1' }] })}\n`,
      )
      expect((await runCli(['users', 'import', lines, ...tableArgs(table)], { table })).code).toBe(
        0,
      )
      expect(await stored()).toMatchObject({
        claims: [{ type: 'tier', value: '1' }],
        tokensValidAfter: signedOut,
      })

      const file = join(dir, 'claimsmith.yaml')
      await writeFile(
        file,
        `users:\n  - sub: ${SUB}\n    claims:\n      - { type: tier, value: "2" }\n`,
      )
      const apply = await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      expect(apply.stderr).toBe('')
      expect(await stored()).toMatchObject({
        claims: [{ type: 'tier', value: '2' }],
        tokensValidAfter: signedOut,
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('users deactivate signs the user out too', async () => {
    const run = await runCli(['users', 'deactivate', '--sub', SUB, ...tableArgs(table)], { table })
    expect(run.code).toBe(0)
    expect(await stored()).toMatchObject({ active: false, tokensValidAfter: expect.any(Number) })
  })
})
