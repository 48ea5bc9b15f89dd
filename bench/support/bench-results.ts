import type { BulkResult } from '../sections/bulk.js'
import type { ColdStartResult } from '../sections/cold-start.js'
import type { CoreScalingRow } from '../sections/core-scaling.js'
import type { IntrospectionLatencyResult } from '../sections/introspection-latency.js'
import type { MemoryResult } from '../sections/memory.js'
import type { RequestCountResult } from '../sections/request-counts.js'
import type { ScaleResult } from '../sections/scale.js'
import type { UserInfoLatencyResult } from '../sections/userinfo-latency.js'
import type { WarmLatencyResult } from '../sections/warm-latency.js'
import type { SdkMode } from './build-bench-bundles.js'

/** The machine and the run. */
export interface BenchMeta {
  readonly date: string
  readonly quick: boolean
  readonly node: string
  readonly nproc: number
  readonly cpu: string
  readonly platform: string
}

export interface BundleSize {
  readonly name: string
  readonly sdk: SdkMode
  readonly bytes: number
  readonly gzipBytes: number
}

/** The core section with what it is judged against. */
export interface CoreResult {
  readonly rows: readonly CoreScalingRow[]
  /** The bare GetItem p50 timed between the core batches, in microseconds. */
  readonly getItemP50Micros: number
  /** The 50-claim call over that GetItem. */
  readonly ratio50ToGetItem: number
  /** The 500-claim call over the 50-claim call (10× the claims). */
  readonly growth500Over50: number
}

/** One target of issue 8 and whether this run met it. */
export interface TargetResult {
  readonly id: string
  readonly description: string
  readonly value: number
  /** `value` must be at most this (or, for exact targets, equal to it). */
  readonly limit: number
  readonly comparison: '<=' | '='
  readonly pass: boolean
}

/** Everything `npm run bench` writes to bench/results.json. */
export interface BenchResults {
  readonly meta: BenchMeta
  readonly bundles: readonly BundleSize[]
  readonly coldStart: ColdStartResult
  readonly warm: WarmLatencyResult
  readonly requests: RequestCountResult
  readonly core: CoreResult
  readonly userinfo: UserInfoLatencyResult
  readonly introspection: IntrospectionLatencyResult
  readonly memory: MemoryResult
  readonly scale: ScaleResult
  readonly bulk: BulkResult
  readonly targets: readonly TargetResult[]
}
