import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { importUsers, readJsonLinesUsers } from '../../lib/cli/index.js'
import {
  countDynamoDbRequests,
  DynamoDbClaimsWriter,
  type DynamoDbRequestCounter,
  exportClaimsTable,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { runCli, tableArgs } from './support.js'

const sub = (n: number) => `user-${String(n).padStart(5, '0')}`

function jsonLine(n: number): string {
  return JSON.stringify({
    sub: sub(n),
    ...(n % 7 === 0 ? { active: false } : {}),
    claims: [
      { type: 'tenant_id', value: String(n % 100), valueType: 'integer' },
      { type: 'role', value: n % 2 === 0 ? 'admin' : 'editor' },
    ],
  })
}

describe('users import', () => {
  let table: TestTable
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-import-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    table = await dynamoDbLocal()
  })
  afterEach(async () => {
    await table.stop()
  })

  describe('of a 5,000-line JSON Lines file with bad lines', () => {
    const BAD: Readonly<Record<number, string>> = {
      17: '{"sub": "user-00017", "claims": [',
      2500: JSON.stringify({
        sub: sub(2500),
        claims: [{ type: 'tier', value: 'three', valueType: 'integer' }],
      }),
      3001: jsonLine(3000),
      4999: JSON.stringify({
        sub: sub(4999),
        claims: [{ type: 'cognito:groups', value: 'admins' }],
      }),
    }
    const GOOD = 5000 - Object.keys(BAD).length

    it('writes every good line once, counts exactly and lists the failed lines', async () => {
      const path = join(dir, 'users.jsonl')
      const lines = Array.from({ length: 5000 }, (_, i) => BAD[i + 1] ?? jsonLine(i + 1))
      await writeFile(path, `${lines.join('\n')}\n`)
      let requests: DynamoDbRequestCounter | undefined
      const first = await runCli(['users', 'import', path, ...tableArgs(table)], {
        table,
        onClient: (client) => {
          requests = countDynamoDbRequests(client)
        },
      })

      expect(first.code).toBe(1)
      expect(first.stdout).toContain(`${GOOD} written, 0 skipped (already up to date), 4 failed.`)
      expect(first.stdout).toContain('Failed lines: 17, 2500, 3001, 4999')
      expect(first.stderr).toContain(`${path}:17: not valid JSON`)
      expect(first.stderr).toMatch(
        /:2500: claims\[0\]\.value "three" of claim "tier" does not parse as integer/,
      )
      expect(first.stderr).toContain(`:3001: user ${sub(3000)} already appeared on line 3000`)
      expect(first.stderr).toMatch(/:4999: claims\[0\]\.type "cognito:groups"/)
      expect(first.stderr.match(/records read: /g)).toHaveLength(5)
      expect(requests?.count('BatchWriteItem')).toBe(Math.ceil(GOOD / 25))

      const { users } = await exportClaimsTable({
        client: table.client,
        tableName: table.tableName,
      })
      expect(users).toHaveLength(GOOD)
      expect(users.every((user) => user.version === 1)).toBe(true)
      expect(users.find((user) => user.sub === sub(14))).toEqual({
        sub: sub(14),
        active: false,
        version: 1,
        claims: [
          { type: 'tenant_id', value: '14', valueType: 'integer' },
          { type: 'role', value: 'admin' },
        ],
      })

      const second = await runCli(['users', 'import', path, ...tableArgs(table)], {
        table,
        onClient: (client) => {
          requests = countDynamoDbRequests(client)
        },
      })
      expect(second.stdout).toContain(`0 written, ${GOOD} skipped (already up to date), 4 failed.`)
      expect(requests?.count('BatchWriteItem')).toBe(0)
    }, 60_000)
  })

  it('imports CSV with quoted fields and reports the exact lines of bad rows', async () => {
    const path = join(dir, 'users.csv')
    await writeFile(
      path,
      [
        'sub,type,value,valueType,active',
        'a,note,"hello, ""world""",,',
        'a,bio,"two',
        'lines",,',
        'b,tier,x,integer,',
        'c,role,admin,,false',
        'c,role,editor,,',
        'd,sub,d,,',
        'e,,,,',
        'f,role,ok,,maybe',
        'a,late,row,,',
        '',
      ].join('\n'),
    )
    const run = await runCli(['users', 'import', path, ...tableArgs(table)], { table })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('3 written, 0 skipped (already up to date), 4 failed.')
    expect(run.stdout).toContain('Failed lines: 5, 8, 10, 11')
    expect(run.stderr).toContain(`${path}:11: user a already appeared on line 2`)
    const { users } = await exportClaimsTable({ client: table.client, tableName: table.tableName })
    expect(users).toEqual([
      {
        sub: 'a',
        active: true,
        version: 1,
        claims: [
          { type: 'note', value: 'hello, "world"' },
          { type: 'bio', value: 'two\nlines' },
        ],
      },
      {
        sub: 'c',
        active: false,
        version: 1,
        claims: [
          { type: 'role', value: 'admin' },
          { type: 'role', value: 'editor' },
        ],
      },
      { sub: 'e', active: true, version: 1, claims: [] },
    ])
  })

  it('overwrites a changed user whole with the next version, from stdin', async () => {
    await new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }).putUser({
      sub: 'a',
      active: true,
      claims: [{ type: 'role', value: 'old' }],
    })
    const stdin = new PassThrough()
    stdin.end('sub,type,value\na,role,new\n')
    const run = await runCli(['users', 'import', '-', '--format', 'csv', ...tableArgs(table)], {
      table,
      stdin,
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Imported -: 1 written, 0 skipped')
    const { users } = await exportClaimsTable({ client: table.client, tableName: table.tableName })
    expect(users).toEqual([
      { sub: 'a', active: true, version: 2, claims: [{ type: 'role', value: 'new' }] },
    ])
  })

  it('draws a progress bar with rate and time left on a terminal', async () => {
    const path = join(dir, 'few.jsonl')
    await writeFile(path, `${[1, 2, 3].map(jsonLine).join('\n')}\n`)
    const run = await runCli(['users', 'import', path, ...tableArgs(table)], { table, tty: true })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('\r\u001b[2K[')
    expect(run.stderr).toMatch(/\[[█░]+\] +\d+% [\d,]+ records · [\d,]+\/s · ETA \d+:\d\d · /)
    expect(run.stdout).toContain('3 written')
  })

  it('stops with the partial counts when DynamoDB refuses a request', async () => {
    const path = join(dir, 'one.jsonl')
    await writeFile(path, `${jsonLine(1)}\n`)
    const run = await runCli(
      [
        'users',
        'import',
        path,
        ...tableArgs(table).map((arg) => (arg === table.tableName ? 'missing-table' : arg)),
      ],
      { table },
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('0 written, 0 skipped (already up to date), 0 failed.')
    expect(run.stderr).toMatch(
      /error: import stopped at the batch starting on line 1: .*ResourceNotFoundException/,
    )
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('fails with one line for a file it cannot read', async () => {
    const run = await runCli(['users', 'import', dir, '--format', 'csv', ...tableArgs(table)], {
      table,
    })
    expect(run).toMatchObject({ code: 1, stderr: `error: cannot read ${dir}: it is a directory\n` })
  })

  it.each([
    [['users', 'import', 'users.txt'], 'cannot tell the format of users.txt'],
    [['users', 'import', 'u.csv', '--format', 'xml'], '--format must be jsonl or csv'],
    [
      ['users', 'import', 'u.csv', '--concurrency', '0'],
      '--concurrency must be a positive whole number',
    ],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runCli([...args, ...tableArgs(table)], { table })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
  })
})

/** A client whose batch writes DynamoDB leaves partly unprocessed, as when the table throttles. */
function throttling(client: DynamoDBDocumentClient, tableName: string, throttledCalls: number) {
  let left = throttledCalls
  return {
    send: async (command: unknown, options?: unknown) => {
      if (command instanceof BatchWriteCommand && left > 0) {
        left -= 1
        const requests = command.input.RequestItems?.[tableName] ?? []
        const half = Math.ceil(requests.length / 2)
        await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(0, half) } }),
        )
        return { UnprocessedItems: { [tableName]: requests.slice(half) } }
      }
      return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options)
    },
  } as unknown as DynamoDBDocumentClient
}

describe('importUsers', () => {
  let table: TestTable

  beforeEach(async () => {
    table = await dynamoDbLocal()
  })
  afterEach(async () => {
    await table.stop()
  })

  async function* lines(count: number): AsyncGenerator<string> {
    for (let n = 1; n <= count; n++) yield jsonLine(n)
  }

  it('retries unprocessed items with growing, jittered back-off until all are written', async () => {
    const delays: number[] = []
    const result = await importUsers(readJsonLinesUsers(lines(25)), {
      client: throttling(table.client, table.tableName, 3),
      tableName: table.tableName,
      retry: { sleep: async (ms) => void delays.push(ms), random: () => 0.5, baseDelayMs: 100 },
    })
    expect(result).toMatchObject({ records: 25, written: 25, failed: 0 })
    expect(delays).toEqual([50, 100, 200])
    const { users } = await exportClaimsTable({ client: table.client, tableName: table.tableName })
    expect(users).toHaveLength(25)
  })

  it('fails what stays unprocessed after the last attempt, by line', async () => {
    const result = await importUsers(readJsonLinesUsers(lines(4)), {
      client: throttling(table.client, table.tableName, 100),
      tableName: table.tableName,
      retry: { maxAttempts: 2, sleep: async () => {} },
    })
    expect(result).toMatchObject({ written: 3, failed: 1 })
    expect(result.failures).toEqual([
      {
        line: 4,
        sub: sub(4),
        message: expect.stringContaining('left it unprocessed 2 times'),
      },
    ])
  })
})
