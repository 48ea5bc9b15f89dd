import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js'
import { POLICIES } from './support/fault-cases.js'
import {
  buildHarness,
  CONFIGURATION,
  invokeToken,
  productionClient,
  reportFigures,
  seedTable,
  tokenClaims,
  tokenEvent,
} from './support/trigger-harness.js'

const TTL_MS = 60_000
const MAX_STALE_MS = 300_000
const SECOND = 1_000

const tables: TestTable[] = []
let proxy: FaultProxy

beforeAll(async () => {
  const first = await dynamoDbLocal()
  tables.push(first)
  proxy = await startFaultProxy(first.endpoint)
})

afterAll(async () => {
  await proxy?.close()
  for (const table of tables) await table.stop()
})

/** A seeded table of its own (all tables sit behind the one proxy, on the same DynamoDB Local). */
async function seededTable(): Promise<TestTable> {
  const table = await dynamoDbLocal()
  tables.push(table)
  await seedTable(table)
  return table
}

/** The triggers over the proxy, with the configuration cache on a clock the test moves. */
function clockedHarness(table: TestTable, policy: 'fail' | 'omit') {
  let now = 1_000_000
  const client = productionClient(table, proxy.endpoint)
  const harness = buildHarness({
    table,
    storeClient: client,
    settings: { onStoreError: policy },
    ttlMs: TTL_MS,
    maxStaleMs: MAX_STALE_MS,
    now: () => now,
  })
  const start = now
  return {
    ...harness,
    client,
    /** Sets the cache's clock to `ms` after the first load. */
    at(ms: number) {
      now = start + ms
    },
    token: () => invokeToken(() => harness.preTokenGeneration(tokenEvent('2'), fakeContext()), '2'),
  }
}

describe('the configuration cache when the store fails after it is warm', () => {
  it.each(
    POLICIES,
  )('serves the last good copy for its bounded time, then fails as ON_STORE_ERROR=%s says', async (policy) => {
    const table = await seededTable()
    await proxy.setFault({ kind: 'pass' })
    const h = clockedHarness(table, policy)
    const stale = () =>
      h.log.entries.filter(
        (entry) => entry.message === 'configuration refresh failed; serving the last good copy',
      )

    h.at(0)
    expect((await h.token()).outcome.kind).toBe('enriched')

    // Only the configuration Query fails: the user's GetItem still answers.
    await proxy.setFault({ kind: 'error', error: 'InternalServerError' }, { operations: ['Query'] })
    proxy.resetCounts()

    h.at(30 * SECOND)
    expect((await h.token()).outcome.kind).toBe('enriched')
    expect(proxy.count('Query')).toBe(0)

    h.at(TTL_MS + SECOND)
    const firstStale = await h.token()
    expect(firstStale.outcome.kind).toBe('enriched')
    expect(proxy.count('Query')).toBe(2)
    expect(stale().at(-1)).toMatchObject({
      level: 'WARN',
      staleForMs: SECOND,
      maxStaleMs: MAX_STALE_MS,
    })

    h.at(TTL_MS + MAX_STALE_MS)
    const lastStale = await h.token()
    expect(lastStale.outcome.kind).toBe('enriched')
    expect(stale().at(-1)).toMatchObject({ staleForMs: MAX_STALE_MS })

    h.at(TTL_MS + MAX_STALE_MS + 1)
    const past = await h.token()
    expect(past.outcome).toEqual(
      policy === 'fail'
        ? {
            kind: 'refused',
            code: 'STORE_UNAVAILABLE',
            message: 'claims are temporarily unavailable',
          }
        : { kind: 'unenriched' },
    )
    expect(past.ms).toBeLessThan(4_500)

    // Meanwhile the configuration changed: once the store is back the new one is served.
    const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
    expect(CONFIGURATION[0]).toMatchObject({
      kind: 'identityResource',
      value: { name: 'tenant' },
    })
    await writer.putConfigurationItem(
      { kind: 'identityResource', value: { name: 'tenant', userClaims: ['tenant_id'] } },
      { expectedVersion: 1 },
    )
    await proxy.setFault({ kind: 'pass' })
    proxy.resetCounts()
    h.at(TTL_MS + MAX_STALE_MS + 2 * SECOND)
    const run = await h.preTokenGeneration(tokenEvent('2'), fakeContext())
    expect(tokenClaims(run.response, 'id')).toMatchObject({ tenant_id: 42 })
    expect(tokenClaims(run.response, 'id')).not.toHaveProperty('tenant_role')
    expect(proxy.count('Query')).toBe(1)

    reportFigures('configuration cache', `warm, then Query fails | ${policy}`, {
      freshAt30s: 'enriched(0 Query)',
      staleAt61s: `enriched(${Math.round(firstStale.ms)}ms)`,
      staleAt360s: 'enriched',
      at360001ms: past.outcome.kind,
      afterRecovery: 'new configuration',
    })
    h.client.destroy()
  })

  it('shares one refresh among concurrent invocations and keeps each within budget while the Query times out', async () => {
    const table = await seededTable()
    await proxy.setFault({ kind: 'pass' })
    const h = clockedHarness(table, 'fail')
    h.at(0)
    expect((await h.token()).outcome.kind).toBe('enriched')

    await proxy.setFault({ kind: 'latency', delayMs: 1_300 }, { operations: ['Query'] })
    proxy.resetCounts()
    h.at(TTL_MS + 10 * SECOND)
    const started = performance.now()
    const together = await Promise.all(Array.from({ length: 10 }, () => h.token()))
    const togetherMs = performance.now() - started
    const queriesTogether = proxy.count('Query')

    proxy.resetCounts()
    const oneByOne: number[] = []
    for (let i = 0; i < 3; i += 1) oneByOne.push((await h.token()).ms)
    const queriesOneByOne = proxy.count('Query')
    await proxy.setFault({ kind: 'pass' })

    reportFigures('configuration cache', 'stale window, Query timing out | fail', {
      concurrent: together.length,
      concurrentMs: togetherMs,
      queriesForConcurrent: queriesTogether,
      sequentialMsEach: oneByOne.map(Math.round).join('/'),
      queriesForSequential: queriesOneByOne,
    })
    expect(together.every((each) => each.outcome.kind === 'enriched')).toBe(true)
    // One refresh (2 attempts) for all ten.
    expect(queriesTogether).toBe(2)
    expect(togetherMs).toBeLessThan(4_500)
    // A failed refresh is remembered for retryAfterFailureMs (5 s, and the clock
    // stands still here): later invocations get the stale copy without waiting.
    expect(queriesOneByOne).toBe(0)
    for (const ms of oneByOne) expect(ms).toBeLessThan(1_000)
    h.client.destroy()
  })
})
