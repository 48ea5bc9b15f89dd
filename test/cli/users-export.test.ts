import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countDynamoDbRequests, type DynamoDbRequestCounter } from '../../lib/dynamodb/index.js'
import { DYNAMODB_BACKENDS, type TestTable } from '../support/dynamodb.js'
import { runCli, tableArgs } from './support.js'

const USERS = 300

function jsonLine(n: number): string {
  return JSON.stringify({
    sub: `user-${String(n).padStart(5, '0')}`,
    ...(n % 7 === 0 ? { active: false } : {}),
    claims: [
      { type: 'tenant_id', value: String(n % 100), valueType: 'integer' },
      { type: 'note', value: 'x'.repeat(3000) },
    ],
  })
}

describe.each(DYNAMODB_BACKENDS)('users export on $name', (backend) => {
  let table: TestTable
  let dir: string
  const counters: DynamoDbRequestCounter[] = []

  beforeAll(async () => {
    table = await backend.start()
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-export-'))
    const lines = Array.from({ length: USERS }, (_, n) => jsonLine(n))
    await writeFile(join(dir, 'in.jsonl'), `${lines.join('\n')}\n`)
    const imported = await runCli(['users', 'import', 'in.jsonl', ...tableArgs(table)], {
      table,
      cwd: dir,
    })
    expect(imported.code).toBe(0)
  }, 120_000)

  afterAll(async () => {
    await table.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const exportTo = (name: string, segments: number) =>
    runCli(['users', 'export', '-o', name, '--segments', String(segments), ...tableArgs(table)], {
      table,
      cwd: dir,
      onClient: (client) => counters.push(countDynamoDbRequests(client)),
    })

  it('writes every user once, in the import format, and the same file every time', async () => {
    const first = await exportTo('a.jsonl', 4)
    expect(first).toEqual({
      code: 0,
      stdout: '',
      stderr: `Exported ${USERS} user(s) of table ${table.tableName}.\n`,
    })
    const again = await exportTo('b.jsonl', 4)
    expect(again.code).toBe(0)
    const text = await readFile(join(dir, 'a.jsonl'), 'utf8')
    expect(await readFile(join(dir, 'b.jsonl'), 'utf8')).toBe(text)
    const lines = text.trimEnd().split('\n')
    expect([...lines].sort()).toEqual(Array.from({ length: USERS }, (_, n) => jsonLine(n)).sort())
  })

  it('reads with parallel Scan segments, page by page (1 MB pages: ~1 MB of users here)', async () => {
    counters.length = 0
    const run = await exportTo('c.jsonl', 3)
    expect(run.code).toBe(0)
    // Three segments, each at least one page; 300 users of ~3 KB are ~1 MB, so more than one page in all.
    expect(counters[0]?.count('Scan')).toBeGreaterThanOrEqual(3)
    const lines = (await readFile(join(dir, 'c.jsonl'), 'utf8')).trimEnd().split('\n')
    expect(new Set(lines).size).toBe(USERS)
  })

  it('writes JSON Lines to stdout without --output, which users import reads back', async () => {
    const run = await runCli(['users', 'export', ...tableArgs(table)], { table })
    expect(run.code).toBe(0)
    await writeFile(join(dir, 'round.jsonl'), run.stdout)
    const reimported = await runCli(['users', 'import', 'round.jsonl', ...tableArgs(table)], {
      table,
      cwd: dir,
    })
    expect(reimported.stdout).toContain(
      `0 written, ${USERS} skipped (already up to date), 0 failed`,
    )
  })
})
