/** Order statistics of a set of timings, in the samples' unit. */
export interface Summary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly min: number
  readonly max: number
  readonly mean: number
}

/**
 * The `p`-th percentile (0–100) of `samples`, interpolated linearly between
 * the two nearest ranks.
 *
 * @example
 * percentile([1, 2, 3, 4], 50) // 2.5
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new TypeError('percentile: no samples')
  if (!(p >= 0 && p <= 100)) throw new TypeError('percentile: p must be within 0 and 100')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const below = Math.floor(rank)
  const above = Math.ceil(rank)
  const low = sorted[below] as number
  const high = sorted[above] as number
  return low + (high - low) * (rank - below)
}

/** The median of `samples`. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50)
}

/**
 * p50, p99, extremes and mean of `samples`.
 *
 * @example
 * summarize([3, 1, 2]).p50 // 2
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new TypeError('summarize: no samples')
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: samples.reduce((sum, each) => sum + each, 0) / samples.length,
  }
}
