import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildCli } from '../../lib/deploy/build-cli.js'
import { createClaimsTable, createDynamoDbClient } from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { SETUP_CLIENT_SETTINGS } from '../support/setup-client-settings.js'

/** What the bulk section needs. */
export interface BulkOptions {
  readonly endpoint: string
  /** Users per import; each size is imported from JSON Lines and from CSV, into a fresh table. */
  readonly sizes: readonly number[]
  /** `--concurrency` of the import. */
  readonly concurrency: number
  readonly onProgress?: (message: string) => void
}

/** One import. */
export interface BulkRow {
  readonly users: number
  readonly format: 'jsonl' | 'csv'
  readonly fileBytes: number
  readonly seconds: number
  readonly usersPerSecond: number
  /** The import process's peak resident set (VmHWM), in bytes. */
  readonly peakRssBytes: number
  /** What a second run over the same file and table did: every user skipped, none written. */
  readonly rerunSkipped: number
  readonly rerunSeconds: number
}

export interface BulkResult {
  readonly concurrency: number
  readonly rows: readonly BulkRow[]
}

/** A user of the generated files: five claims, one typed, about 300 bytes of JSON. */
function userClaims(index: number): { type: string; value: string; valueType?: string }[] {
  return [
    { type: 'tenant_id', value: `tenant-${index % 977}` },
    { type: 'tenant_role', value: index % 5 === 0 ? 'admin' : 'member' },
    { type: 'department', value: `dept-${index % 31}` },
    { type: 'employee_id', value: `E-${index}` },
    { type: 'tenant_quota', value: String(index % 1000), valueType: 'integer' },
  ]
}

const subOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`

/** Writes `users` users to `path` as JSON Lines or CSV, streaming; resolves to the file's size. */
async function writeUsers(path: string, users: number, format: 'jsonl' | 'csv'): Promise<number> {
  const out = createWriteStream(path)
  let bytes = 0
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text)
    if (!out.write(text)) await once(out, 'drain')
  }
  if (format === 'csv') await write('sub,type,value,valueType,active\n')
  for (let i = 0; i < users; i++) {
    const sub = subOf(i)
    const claims = userClaims(i)
    if (format === 'jsonl') {
      await write(`${JSON.stringify({ sub, claims })}\n`)
    } else {
      let rows = ''
      for (const claim of claims)
        rows += `${sub},${claim.type},${claim.value},${claim.valueType ?? ''},\n`
      await write(rows)
    }
  }
  out.end()
  await once(out, 'close')
  return bytes
}

/** Runs the built CLI and resolves to its time and peak RSS, read from /proc while it runs. */
async function runImport(
  cliPath: string,
  args: readonly string[],
): Promise<{ seconds: number; peakRssBytes: number; stdout: string }> {
  const started = performance.now()
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  let peakRssBytes = 0
  const readPeak = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '')
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status)
    if (match !== null) peakRssBytes = Math.max(peakRssBytes, Number(match[1]) * 1024)
  }
  // VmHWM is the high-water mark: the last reading before exit holds the peak.
  const poll = setInterval(() => void readPeak(), 100)
  const [code] = (await once(child, 'exit')) as [number | null]
  clearInterval(poll)
  if (code !== 0) throw new Error(`users import exited with ${code}: ${stderr}`)
  return { seconds: (performance.now() - started) / 1000, peakRssBytes, stdout }
}

/**
 * `claimsmith users import` of generated users, as the built CLI runs it (a
 * process of its own, as a person runs it), into DynamoDB Local: for each
 * size, a JSON Lines file and a CSV file, each into a fresh table, then the
 * same file again to show a rerun skips what is there. The peak RSS is the
 * process's VmHWM, so this section runs on Linux.
 */
export async function measureBulk(options: BulkOptions): Promise<BulkResult> {
  const directory = await mkdtemp(join(tmpdir(), 'claimsmith-bulk-'))
  const admin = createDynamoDbClient({
    endpoint: options.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...SETUP_CLIENT_SETTINGS,
  })
  try {
    const cliPath = await buildCli({ outFile: join(directory, 'claimsmith.mjs') })
    const rows: BulkRow[] = []
    for (const users of options.sizes) {
      for (const format of ['jsonl', 'csv'] as const) {
        const file = join(directory, `users-${users}.${format}`)
        options.onProgress?.(`bulk: writing ${users} users as ${format}`)
        const fileBytes = await writeUsers(file, users, format)
        const tableName = `claims-bulk-${users}-${format}-${randomUUID()}`
        await createClaimsTable(admin, tableName)
        const args = [
          'users',
          'import',
          file,
          '--table',
          tableName,
          '--endpoint',
          options.endpoint,
          '--region',
          LOCAL_REGION,
          '--concurrency',
          String(options.concurrency),
        ]
        options.onProgress?.(`bulk: importing ${users} users from ${format}`)
        const first = await runImport(cliPath, args)
        const written = /(\d+) written/.exec(first.stdout)?.[1]
        if (Number(written) !== users) {
          throw new Error(`bulk: ${users} users from ${format}: ${first.stdout.trim()}`)
        }
        options.onProgress?.(`bulk: importing the same ${users} users again`)
        const rerun = await runImport(cliPath, args)
        rows.push({
          users,
          format,
          fileBytes,
          seconds: first.seconds,
          usersPerSecond: users / first.seconds,
          peakRssBytes: first.peakRssBytes,
          rerunSkipped: Number(/(\d+) skipped/.exec(rerun.stdout)?.[1] ?? Number.NaN),
          rerunSeconds: rerun.seconds,
        })
        await rm(file, { force: true })
      }
    }
    return { concurrency: options.concurrency, rows }
  } finally {
    admin.destroy()
    await rm(directory, { recursive: true, force: true })
  }
}
