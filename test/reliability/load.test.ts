import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countDynamoDbRequests } from '../../lib/dynamodb/index.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import {
  buildHarness,
  invokeToken,
  metricTotals,
  reportFigures,
  seedTable,
  tokenEvent,
} from './support/trigger-harness.js'

const TOTAL = 10_000
const CONCURRENCY = 200
const USERS = 100
/** Whatever happens, the run stops here. */
const TIME_LIMIT_MS = 120_000

const subOf = (index: number) =>
  `load${String(index % USERS).padStart(4, '0')}-0000-4000-8000-000000000000`
const versionOf = (index: number) => (['1', '2', '3'] as const)[index % 3] as '1' | '2' | '3'

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

let table: TestTable

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedTable(
    table,
    Array.from({ length: USERS }, (_, index) => subOf(index)),
  )
})

afterAll(async () => {
  await table?.stop()
})

describe('pre-token-generation under load against DynamoDB Local', () => {
  it(
    `serves ${TOTAL} invocations, ${CONCURRENCY} at a time, with no error`,
    async () => {
      // One handler and one client for every invocation, so the shared state (configuration
      // cache, per-invocation read memo, metrics) sees real concurrency. One Node process and
      // DynamoDB Local on two cores are not 200 Lambda containers: requests queue here, so the
      // client gets the patient test bounds (15 s, one attempt: nothing is retried, every
      // failure counts) and a connection timeout that allows for the wait for one of the SDK's
      // 50 pooled sockets. The production bounds are held by store-faults.test.ts.
      const client = table.newClient({ connectionTimeoutMs: 5_000 })
      const requests = countDynamoDbRequests(client)
      // A TTL longer than the run (which takes about a minute on a loaded machine), so every
      // configuration read after the warm-up would be a fault of the cache, not its refresh.
      const harness = buildHarness({ table, storeClient: client, ttlMs: 600_000 })
      await harness.preTokenGeneration(tokenEvent('2', subOf(0)), fakeContext())
      requests.reset()

      const latencies: number[] = []
      const failures: string[] = []
      let next = 0
      let inFlight = 0
      let peak = 0
      const started = performance.now()
      const stopAt = started + TIME_LIMIT_MS

      const worker = async () => {
        while (next < TOTAL && performance.now() < stopAt) {
          const index = next
          next += 1
          inFlight += 1
          peak = Math.max(peak, inFlight)
          const sub = subOf(index)
          const version = versionOf(index)
          try {
            const { outcome, ms } = await invokeToken(
              () => harness.preTokenGeneration(tokenEvent(version, sub), fakeContext()),
              version,
              sub,
            )
            latencies.push(ms)
            if (outcome.kind !== 'enriched') failures.push(JSON.stringify(outcome))
          } catch (error) {
            failures.push(String(error))
          } finally {
            inFlight -= 1
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
      const elapsedMs = performance.now() - started

      const sorted = [...latencies].sort((a, b) => a - b)
      const metrics = metricTotals(harness.metrics.lines)
      const figures = {
        invocations: latencies.length,
        concurrency: peak,
        errors: failures.length,
        seconds: (elapsedMs / 1000).toFixed(1),
        perSecond: latencies.length / (elapsedMs / 1000),
        p50ms: percentile(sorted, 50),
        p99ms: percentile(sorted, 99),
        maxMs: sorted.at(-1) ?? Number.NaN,
        getItems: requests.count('GetItem'),
        queries: requests.count('Query'),
      }
      reportFigures('load', `${TOTAL} invocations, ${CONCURRENCY} concurrent, V1/V2/V3`, figures)

      expect(failures.slice(0, 5)).toEqual([])
      expect(latencies).toHaveLength(TOTAL)
      expect(peak).toBeGreaterThanOrEqual(CONCURRENCY)
      // One read per invocation, no retry, and the configuration from the cache.
      expect(requests.count('GetItem')).toBe(TOTAL)
      expect(requests.count('Query')).toBe(0)
      expect(metrics.TriggerFailures).toBeUndefined()
      client.destroy()
    },
    TIME_LIMIT_MS + 30_000,
  )
})
