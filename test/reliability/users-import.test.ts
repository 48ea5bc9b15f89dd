import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportClaimsTable } from '../../lib/dynamodb/index.js'
import { LOCAL_REGION } from '../../lib/local/local-aws.js'
import { runCli } from '../cli/support.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type Fault, type FaultProxy, startFaultProxy } from '../support/fault-proxy.js'
import { reportFigures } from './support/trigger-harness.js'

const LINES = 2_000
const sub = (line: number) => `import-${String(line).padStart(5, '0')}`
const goodLine = (line: number) =>
  JSON.stringify({
    sub: sub(line),
    active: line % 7 !== 0,
    claims: [
      { type: 'tenant_id', value: String(line), valueType: 'integer' },
      { type: 'display_name', value: `Ünïcødé ${line} 🚀` },
    ],
  })

/** Bad lines of every kind, by line number. */
const BAD: Readonly<Record<number, string>> = {
  3: '{"sub": "import-00003", "claims": [',
  250: JSON.stringify({ claims: [] }),
  499: JSON.stringify({
    sub: sub(499),
    claims: [{ type: 'tier', value: 'x', valueType: 'integer' }],
  }),
  777: goodLine(776),
  1001: '{"sub":"import-01001","__proto__":{"polluted":true},"claims":[]}',
  1200: JSON.stringify({ sub: sub(1200), claims: [{ type: 'sub', value: 'someone-else' }] }),
  1500: JSON.stringify({ sub: sub(1500), claims: [{ type: 'cognito:groups', value: 'admins' }] }),
  1750: JSON.stringify({ sub: sub(1750), active: 'yes', claims: [] }),
  1999: JSON.stringify({ sub: '', claims: [] }),
}
const BAD_LINES = Object.keys(BAD).map(Number)
const GOOD = LINES - BAD_LINES.length

let dir: string
let proxy: FaultProxy
const tables: TestTable[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-import-faults-'))
  const first = await dynamoDbLocal()
  tables.push(first)
  proxy = await startFaultProxy(first.endpoint)
})

afterAll(async () => {
  await proxy?.close()
  for (const table of tables) await table.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('users import of a file with bad lines while DynamoDB misbehaves', () => {
  it.each<[string, Fault]>([
    ['two throttled BatchWriteItem requests', { kind: 'error', error: 'ThrottlingException' }],
    ['a BatchWriteItem whose answer is lost after it was written', { kind: 'reset' }],
  ])(
    'writes every good line once and reports every bad line by number under %s',
    async (name, fault) => {
      const table = await dynamoDbLocal()
      tables.push(table)
      const path = join(dir, `users-${fault.kind}.jsonl`)
      const lines = Array.from({ length: LINES }, (_, i) => BAD[i + 1] ?? goodLine(i + 1))
      await writeFile(path, `${lines.join('\n')}\n`)
      const args = [
        'users',
        'import',
        path,
        '--table',
        table.tableName,
        '--endpoint',
        proxy.endpoint,
        '--region',
        LOCAL_REGION,
      ]

      await proxy.setFault(fault, {
        operations: ['BatchWriteItem'],
        times: fault.kind === 'reset' ? 1 : 2,
      })
      proxy.resetCounts()
      const started = performance.now()
      const first = await runCli(args, { table })
      const ms = performance.now() - started
      const faulted = proxy.faulted
      await proxy.setFault({ kind: 'pass' })

      expect(Object.prototype).not.toHaveProperty('polluted')
      expect(first.code).toBe(1)
      expect(first.stdout).toContain(`${BAD_LINES.length} failed.`)
      expect(first.stdout).toContain(`Failed lines: ${BAD_LINES.join(', ')}`)
      for (const line of BAD_LINES) expect(first.stderr).toContain(`${path}:${line}:`)
      expect(faulted).toBe(fault.kind === 'reset' ? 1 : 2)

      const { users } = await exportClaimsTable({
        client: table.client,
        tableName: table.tableName,
      })
      const bySub = new Map(users.map((user) => [user.sub, user]))
      // Every good line is stored as written, at version 1: written once, even when a batch was sent twice.
      for (let line = 1; line <= LINES; line += 1) {
        if (BAD[line] !== undefined) continue
        const stored = bySub.get(sub(line))
        expect(stored?.version).toBe(1)
        expect(stored?.active).toBe(line % 7 !== 0)
        expect(stored?.claims[1]?.value).toBe(`Ünïcødé ${line} 🚀`)
      }
      for (const line of [3, 499, 1001, 1200, 1500, 1750]) expect(bySub.has(sub(line))).toBe(false)
      // Line 777 repeats line 776's user: the first stays, the repeat fails.
      expect(bySub.get(sub(776))?.version).toBe(1)
      const written = users.filter((user) => user.sub.startsWith('import-')).length

      const second = await runCli(args, { table })
      expect(second.stdout).toContain(
        `0 written, ${GOOD} skipped (already up to date), ${BAD_LINES.length} failed.`,
      )
      reportFigures('cli', `users import, ${LINES} lines, ${BAD_LINES.length} bad, ${name}`, {
        exit: first.code,
        stored: written,
        good: GOOD,
        reportedBad: BAD_LINES.length,
        ms,
        rerun: '0 written',
      })
    },
    60_000,
  )
})
