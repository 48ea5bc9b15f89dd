/**
 * The memory run, in a fresh Node.js process started with `--expose-gc`:
 * imports a bundle, serves `warmup` events, reads memory, serves
 * `invocations` more and reads it again, and reports to the parent over
 * IPC. Each reading waits `settleMs` (past every invocation's deadline, and
 * long enough for V8's memory reducer to run), then collects twice: what is
 * read is what the function keeps, not what its last invocations still hold
 * or how large V8 has grown its young generation for a while.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import type { Context } from 'aws-lambda'
import { lambdaContext } from '../support/lambda-context.js'

/** What the parent asks for, as JSON in `process.argv[2]`. */
export interface MemoryJob {
  readonly bundlePath: string
  readonly functionName: string
  readonly event: unknown
  readonly warmup: number
  readonly invocations: number
  /**
   * How long to wait before each reading, at least the Lambda timeout. V8
   * keeps its young generation grown (heapTotal ~43 MiB against ~13) until
   * its memory reducer runs, some seconds after allocation stops; a reading
   * made before it ran and one made after it differed by ±37 % of RSS.
   */
  readonly settleMs: number
}

/** Bytes, from `process.memoryUsage()` after `gc()`. */
export interface MemoryReading {
  readonly rss: number
  readonly heapUsed: number
  readonly heapTotal: number
  readonly external: number
}

/** What the child reports. */
export interface MemoryReport {
  readonly afterWarmup: MemoryReading
  readonly afterRun: MemoryReading
  readonly invocations: number
}

type LambdaModule = { handler(event: unknown, context: Context): Promise<unknown> }

/** The Lambda timeout each invocation is given; nothing of an invocation outlives it. */
const TIMEOUT_MS = 5_000

const job = JSON.parse(process.argv[2] ?? '') as MemoryJob
const collect = (globalThis as { gc?: () => void }).gc
if (collect === undefined) throw new Error('run with --expose-gc')
const eventText = JSON.stringify(job.event)
const { handler } = (await import(pathToFileURL(job.bundlePath).href)) as LambdaModule

async function serve(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    // A fresh event each time, as the runtime parses each invocation's payload.
    await handler(JSON.parse(eventText), lambdaContext(job.functionName, TIMEOUT_MS))
  }
}

async function reading(gc: () => void): Promise<MemoryReading> {
  // Past every invocation's Lambda timeout: nothing an invocation could still hold (a timer it
  // failed to clear, a read still running) is counted as kept. Then past V8's memory reducer.
  await delay(Math.max(job.settleMs, TIMEOUT_MS + 500))
  // Twice: the first collection can leave objects that only a second frees (weak maps, finalizers).
  gc()
  gc()
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage()
  return { rss, heapUsed, heapTotal, external }
}

await serve(job.warmup)
const afterWarmup = await reading(collect)
await serve(job.invocations)
const afterRun = await reading(collect)

const report: MemoryReport = { afterWarmup, afterRun, invocations: job.invocations }
process.send?.(report, () => process.exit(0))
