import type { MemoryJob, MemoryReading, MemoryReport } from '../children/memory.js'
import { type BenchBundles, bundleOf, type SdkMode } from '../support/build-bench-bundles.js'
import { runChild } from '../support/run-child.js'

export interface MemoryOptions {
  readonly bundles: BenchBundles
  readonly sdk: SdkMode
  readonly functionName: string
  readonly event: unknown
  readonly env: Readonly<Record<string, string>>
  readonly warmup: number
  readonly invocations: number
  /** How long the child waits before each reading (`MemoryJob.settleMs`). */
  readonly settleMs: number
}

export interface MemoryResult {
  readonly functionName: string
  readonly sdk: SdkMode
  readonly warmup: number
  readonly invocations: number
  readonly settleMs: number
  readonly afterWarmup: MemoryReading
  readonly afterRun: MemoryReading
  /** afterRun over afterWarmup, minus 1: 0.05 is 5 % growth. */
  readonly rssGrowth: number
  readonly heapUsedGrowth: number
}

/**
 * Memory of a built bundle in a fresh process (`--expose-gc`): after
 * `warmup` invocations and after `invocations` more, each read after full
 * collections.
 */
export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  const job: MemoryJob = {
    bundlePath: bundleOf(options.bundles, options.sdk, options.functionName).bundlePath,
    functionName: options.functionName,
    event: options.event,
    warmup: options.warmup,
    invocations: options.invocations,
    settleMs: options.settleMs,
  }
  const report = await runChild<MemoryReport>(options.bundles.children.memory, job, {
    env: options.env,
    execArgv: ['--expose-gc'],
    timeoutMs: 600_000 + 2 * options.settleMs,
  })
  return {
    functionName: options.functionName,
    sdk: options.sdk,
    warmup: options.warmup,
    invocations: report.invocations,
    settleMs: options.settleMs,
    afterWarmup: report.afterWarmup,
    afterRun: report.afterRun,
    rssGrowth: report.afterRun.rss / report.afterWarmup.rss - 1,
    heapUsedGrowth: report.afterRun.heapUsed / report.afterWarmup.heapUsed - 1,
  }
}
