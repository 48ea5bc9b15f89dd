import type { ColdStartJob, ColdStartReport } from '../children/cold-start.js'
import {
  type BenchBundles,
  bundleOf,
  MEASURED_FUNCTIONS,
  POWERTOOLS_VARIANT,
  REFERENCE_NAME,
  SDK_MODES,
  type SdkMode,
} from '../support/build-bench-bundles.js'
import { runChild } from '../support/run-child.js'
import { median } from '../support/statistics.js'

/** What a cold start needs: the environment Lambda would give, and one event per bundle. */
export interface ColdStartOptions {
  readonly bundles: BenchBundles
  /** Processes per bundle and SDK mode, after one unrecorded round. */
  readonly processes: number
  readonly env: (functionName: string) => Readonly<Record<string, string>>
  readonly eventOf: (functionName: string) => unknown
  /** Why the first invocation's answer is wrong, or `undefined` when it is right. */
  readonly check: (functionName: string, result: unknown) => string | undefined
  readonly onProgress?: (message: string) => void
}

/** Medians over the processes of one bundle, in milliseconds. */
export interface ColdStartRow {
  readonly name: string
  readonly sdk: SdkMode
  readonly processes: number
  readonly importMs: number
  readonly invokeMs: number
  /** Import and first invocation. */
  readonly totalMs: number
  /** Median over the rounds of this bundle's total over the reference's (same SDK mode, same round). */
  readonly ratioToReference: number
}

export interface ColdStartResult {
  readonly processes: number
  readonly rows: readonly ColdStartRow[]
  /** Per function, SDK external over SDK bundled (median of per-round ratios): below 1, external wins. */
  readonly externalOverBundled: Readonly<Record<string, number>>
  /** The mode with the faster pre-token-generation cold start. */
  readonly faster: SdkMode
}

interface Kind {
  readonly name: string
  readonly sdk: SdkMode
  readonly bundlePath: string
  readonly reports: ColdStartReport[]
}

/**
 * Cold starts of every measured bundle, of pre-token-generation with
 * Powertools' Logger and Metrics, and of the reference, in both SDK
 * modes, each in a fresh process. The processes are interleaved: every round
 * starts one of each kind, in an order rotated from round to round, so a
 * burst of load from elsewhere lands on all of them. The first round only
 * warms the file cache and DynamoDB Local, and is not recorded.
 */
export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartResult> {
  const kinds: Kind[] = []
  for (const sdk of SDK_MODES) {
    for (const name of [...MEASURED_FUNCTIONS, POWERTOOLS_VARIANT, REFERENCE_NAME]) {
      kinds.push({
        name,
        sdk,
        bundlePath: bundleOf(options.bundles, sdk, name).bundlePath,
        reports: [],
      })
    }
  }

  for (let round = 0; round <= options.processes; round++) {
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(i + round) % kinds.length] as Kind
      const job: ColdStartJob = {
        bundlePath: kind.bundlePath,
        functionName: kind.name,
        event: options.eventOf(kind.name),
      }
      const report = await runChild<ColdStartReport>(options.bundles.children.coldStart, job, {
        env: options.env(kind.name),
        timeoutMs: 30_000,
      })
      const problem = options.check(kind.name, report.result)
      if (problem !== undefined) {
        throw new Error(`cold start of ${kind.name} (SDK ${kind.sdk}): ${problem}`)
      }
      if (round > 0) kind.reports.push(report)
    }
    options.onProgress?.(`cold start: round ${round}/${options.processes}`)
  }

  const total = (report: ColdStartReport) => report.importMs + report.invokeMs
  const medians = (kind: Kind) => ({
    importMs: median(kind.reports.map((r) => r.importMs)),
    invokeMs: median(kind.reports.map((r) => r.invokeMs)),
    totalMs: median(kind.reports.map(total)),
  })
  const find = (name: string, sdk: SdkMode) =>
    kinds.find((kind) => kind.name === name && kind.sdk === sdk) as Kind
  // Paired by round: each round's processes ran within seconds of each other,
  // so a ratio per round cancels load that drifts over the minutes of the run.
  const pairedRatio = (kind: Kind, reference: Kind) =>
    median(
      kind.reports.map(
        (report, i) => total(report) / total(reference.reports[i] as ColdStartReport),
      ),
    )
  const rows = kinds.map(
    (kind): ColdStartRow => ({
      name: kind.name,
      sdk: kind.sdk,
      processes: kind.reports.length,
      ...medians(kind),
      ratioToReference: pairedRatio(kind, find(REFERENCE_NAME, kind.sdk)),
    }),
  )
  const externalOverBundled: Record<string, number> = {}
  for (const name of [...MEASURED_FUNCTIONS, REFERENCE_NAME]) {
    externalOverBundled[name] = pairedRatio(find(name, 'external'), find(name, 'bundled'))
  }
  return {
    processes: options.processes,
    rows,
    externalOverBundled,
    faster: (externalOverBundled['pre-token-generation'] ?? 1) < 1 ? 'external' : 'bundled',
  }
}
