/**
 * One cold start, in a fresh Node.js process the benchmark forks: imports a
 * bundle as Lambda's Node.js runtime does (an ES module, by file URL), serves
 * one event, and reports both times to the parent over IPC. Timing starts
 * after Node.js itself has booted, which is the same for every bundle.
 */
import { pathToFileURL } from 'node:url'
import type { Context } from 'aws-lambda'
import { lambdaContext } from '../support/lambda-context.js'

/** What the parent asks for, as JSON in `process.argv[2]`. */
export interface ColdStartJob {
  readonly bundlePath: string
  readonly functionName: string
  readonly event: unknown
}

/** What the child reports. */
export interface ColdStartReport {
  /** Milliseconds from the process's time origin to the start of the import. */
  readonly bootMs: number
  readonly importMs: number
  readonly invokeMs: number
  /** The first invocation's answer, for the parent to check. */
  readonly result: unknown
}

type LambdaModule = { handler(event: unknown, context: Context): Promise<unknown> }

const job = JSON.parse(process.argv[2] ?? '') as ColdStartJob
const started = performance.now()
const { handler } = (await import(pathToFileURL(job.bundlePath).href)) as LambdaModule
const imported = performance.now()
const result = await handler(job.event, lambdaContext(job.functionName))
const served = performance.now()

const report: ColdStartReport = {
  bootMs: started,
  importMs: imported - started,
  invokeMs: served - imported,
  result,
}
// The SDK keeps its connection open: exit once the report is out.
process.send?.(report, () => process.exit(0))
