import type { BenchResults, TargetResult } from './bench-results.js'

function atMost(id: string, description: string, value: number, limit: number): TargetResult {
  return { id, description, value, limit, comparison: '<=', pass: value <= limit }
}

function exactly(id: string, description: string, value: number, limit: number): TargetResult {
  return { id, description, value, limit, comparison: '=', pass: value === limit }
}

/** Linear growth with 10× the claims, with room for noise. */
export const LINEAR_GROWTH_LIMIT = 12

/**
 * Issue 8's targets, judged on one run's results.
 *
 * @example
 * const targets = evaluateTargets(results)
 */
export function evaluateTargets(results: Omit<BenchResults, 'targets'>): TargetResult[] {
  const coldRatio = (sdk: string) =>
    results.coldStart.rows.find((row) => row.name === 'pre-token-generation' && row.sdk === sdk)
      ?.ratioToReference ?? Number.NaN
  const { warm } = results.requests
  const largest = results.scale.rows.at(-1)
  return [
    atMost(
      'cold-start-sdk-bundled',
      'cold start pre-token-generation / reference GetItem (SDK bundled)',
      coldRatio('bundled'),
      1.25,
    ),
    atMost(
      'cold-start-sdk-external',
      'cold start pre-token-generation / reference GetItem (SDK external)',
      coldRatio('external'),
      1.25,
    ),
    atMost(
      'warm-p50',
      'warm pre-token-generation V2 p50 / bare GetItem p50',
      results.warm.ratioP50,
      1.15,
    ),
    exactly(
      'requests-per-warm-invocation',
      'DynamoDB requests per warm invocation (most seen; fewest must be 1 too)',
      warm.total.min === warm.total.max ? warm.total.max : Number.NaN,
      1,
    ),
    exactly(
      'configuration-reads-inside-ttl',
      'configuration Queries per warm invocation inside the TTL',
      warm.query.max,
      0,
    ),
    atMost(
      'core-50-claims',
      'core for 50 claims / bare GetItem p50',
      results.core.ratio50ToGetItem,
      0.05,
    ),
    atMost(
      'core-linear-growth',
      'core 500 claims / 50 claims (10x the claims; linear <= 12)',
      results.core.growth500Over50,
      LINEAR_GROWTH_LIMIT,
    ),
    atMost('userinfo-p50', 'userinfo p50 / bare GetItem p50', results.userinfo.ratioP50, 1.3),
    atMost(
      'introspection-p50',
      'introspection p50 / bare GetItem p50',
      results.introspection.ratioP50,
      1.3,
    ),
    atMost(
      'memory-rss',
      'RSS growth over the invocations after warm-up',
      results.memory.rssGrowth,
      0.1,
    ),
    atMost(
      'memory-heap',
      'heap used growth over the invocations after warm-up',
      results.memory.heapUsedGrowth,
      0.1,
    ),
    atMost(
      'scale-cold-start',
      `cold start with ${largest?.clients ?? Number.NaN} clients / with ${results.scale.rows[0]?.clients ?? Number.NaN}`,
      largest?.coldRatio ?? Number.NaN,
      1.1,
    ),
    atMost(
      'scale-warm-p50',
      `warm p50 with ${largest?.clients ?? Number.NaN} clients / with ${results.scale.rows[0]?.clients ?? Number.NaN}`,
      largest?.warmRatio ?? Number.NaN,
      1.05,
    ),
    atMost(
      'bulk-peak-rss',
      'users import: peak RSS of the largest import, MiB',
      Math.max(...results.bulk.rows.map((row) => row.peakRssBytes)) / 2 ** 20,
      300,
    ),
  ]
}
