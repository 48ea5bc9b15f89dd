import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { InProcessFunctions } from './in-process-bundle.js'
import { interleave } from './interleave.js'
import { type Summary, summarize } from './statistics.js'
import { USER_SUB } from './typical-profile.js'

/** A warm latency against a bare GetItem of the same item, in milliseconds. */
export interface LatencyComparison {
  readonly iterations: number
  readonly candidate: Summary
  readonly getItem: Summary
  /** candidate p50 over GetItem p50. */
  readonly ratioP50: number
  readonly ratioP99: number
}

export interface CompareOptions {
  /** The bundle whose `getUserItem` is the reference. */
  readonly functions: Pick<InProcessFunctions, 'getUserItem'>
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Pairs run first and thrown away: JIT, connection pool, configuration cache. */
  readonly warmup: number
  readonly iterations: number
}

/**
 * Times `candidate` against a bare GetItem of the typical user's item through
 * the same client (so the same connection pool, signer and retry settings),
 * interleaved call by call.
 *
 * @example
 * const result = await compareWithGetItem(() => handler(nextEvent(), lambdaContext('f')), { functions, client, tableName, warmup: 200, iterations: 2000 })
 */
export async function compareWithGetItem(
  candidate: () => Promise<unknown>,
  options: CompareOptions,
): Promise<LatencyComparison> {
  const { functions, client, tableName } = options
  const getItem = () => functions.getUserItem(client, tableName, USER_SUB)
  if (!(await getItem())) throw new Error('the typical user is not in the table')
  await interleave(candidate, getItem, options.warmup)
  const timings = await interleave(candidate, getItem, options.iterations)
  const candidateSummary = summarize(timings.candidate)
  const getItemSummary = summarize(timings.reference)
  return {
    iterations: options.iterations,
    candidate: candidateSummary,
    getItem: getItemSummary,
    ratioP50: candidateSummary.p50 / getItemSummary.p50,
    ratioP99: candidateSummary.p99 / getItemSummary.p99,
  }
}
