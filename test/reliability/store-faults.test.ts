import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countDynamoDbRequests, userKey } from '../../lib/dynamodb/index.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js'
import { FAULTS_BY_POLICY, POLICIES } from './support/fault-cases.js'
import {
  buildHarness,
  INTERNAL_MARKERS,
  invokeToken,
  metricTotals,
  type Outcome,
  preAuthenticationEvent,
  productionClient,
  reportFigures,
  seedTable,
  tokenEvent,
} from './support/trigger-harness.js'

/** Cognito waits 5 s; the trigger must answer well before, whatever the store does. */
const BUDGET_MS = 4_500
const SAFE_MESSAGE = 'claims are temporarily unavailable'

let table: TestTable
let proxy: FaultProxy

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedTable(table)
  proxy = await startFaultProxy(table.endpoint)
})

afterAll(async () => {
  await proxy?.close()
  await table?.stop()
})

/** A fresh client through the proxy, with the production timeouts, and its attempt counter. */
function proxiedClient() {
  const client = productionClient(table, proxy.endpoint)
  return { client, attempts: countDynamoDbRequests(client) }
}

function expectSafe(message: string) {
  for (const marker of INTERNAL_MARKERS) expect(message).not.toContain(marker)
}

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === 'refused' ? `refused(${outcome.code})` : outcome.kind
}

describe.each([
  'warm',
  'cold',
] as const)('pre-token-generation with the configuration cache %s', (cache) => {
  it.each(
    FAULTS_BY_POLICY,
  )('answers within budget and follows ON_STORE_ERROR=$policy under $name', async (faultCase) => {
    const { client, attempts } = proxiedClient()
    const harness = buildHarness({
      table,
      storeClient: client,
      settings: { onStoreError: faultCase.policy },
    })
    await proxy.setFault({ kind: 'pass' })
    if (cache === 'warm') {
      const warmUp = await invokeToken(
        () => harness.preTokenGeneration(tokenEvent('2'), fakeContext()),
        '2',
      )
      expect(warmUp.outcome.kind).toBe('enriched')
    }
    const logStart = harness.log.entries.length
    const metricStart = harness.metrics.lines.length
    proxy.resetCounts()
    attempts.reset()

    await proxy.setFault(faultCase.fault)
    const { outcome, ms, error } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent('2'), fakeContext(5_000)),
      '2',
    )
    await proxy.setFault({ kind: 'pass' })

    const logs = harness.log.entries.slice(logStart)
    const metrics = metricTotals(harness.metrics.lines.slice(metricStart))
    const logText = JSON.stringify(logs)
    reportFigures('store faults', `token ${cache} | ${faultCase.name} | ${faultCase.policy}`, {
      outcome: describeOutcome(outcome),
      ms,
      proxyRequests: proxy.requests,
      attempts: attempts.total(),
    })

    expect(ms).toBeLessThan(BUDGET_MS)
    // Warm: one GetItem of the user. Cold: the resources Query and the client's
    // GetItem go out together, then the user's GetItem. When they fail, the
    // first failure decides the invocation; how many of the other reads and
    // their retries were sent by then depends on timing, never more than three.
    if (cache === 'warm' || faultCase.answers) {
      const calls = cache === 'warm' ? 1 : 3
      expect(proxy.requests).toBe(faultCase.proxyRequests * calls)
      expect(attempts.total()).toBe(faultCase.attempts * calls)
    } else {
      expect(proxy.requests).toBeGreaterThanOrEqual(faultCase.proxyRequests)
      expect(proxy.requests).toBeLessThanOrEqual(faultCase.proxyRequests * 3)
    }

    if (faultCase.answers) {
      expect(outcome).toEqual({ kind: 'enriched' })
      expect(metrics.TriggerFailures).toBeUndefined()
      return
    }
    if (faultCase.policy === 'fail') {
      expect(outcome).toEqual({
        kind: 'refused',
        code: 'STORE_UNAVAILABLE',
        message: SAFE_MESSAGE,
      })
      expectSafe(String(error?.message))
      expect(error?.cause).toBeUndefined()
      expect(metrics).toMatchObject({ TriggerFailures: 1, StoreUnavailable: 1 })
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 'ERROR',
          message: 'trigger failed',
          error: expect.objectContaining({ code: 'STORE_UNAVAILABLE' }),
        }),
      )
    } else {
      expect(outcome).toEqual({ kind: 'unenriched' })
      expect(metrics).toMatchObject({ TokensUnenriched: 1 })
      expect(metrics.TriggerFailures).toBeUndefined()
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 'WARN',
          message: 'claims store unavailable: token issued without enrichment',
        }),
      )
    }
    expect(logText).toContain(faultCase.logMarker)
    client.destroy()
  })
})

describe('pre-authentication with the configuration cache warm', () => {
  it.each(
    FAULTS_BY_POLICY,
  )('answers within budget and follows ON_STORE_ERROR=$policy under $name', async (faultCase) => {
    const { client, attempts } = proxiedClient()
    const harness = buildHarness({
      table,
      storeClient: client,
      settings: { onStoreError: faultCase.policy },
    })
    await proxy.setFault({ kind: 'pass' })
    await harness.preAuthentication(preAuthenticationEvent(), fakeContext())
    const logStart = harness.log.entries.length
    const metricStart = harness.metrics.lines.length
    proxy.resetCounts()
    attempts.reset()

    await proxy.setFault(faultCase.fault)
    const started = performance.now()
    const result = await harness
      .preAuthentication(preAuthenticationEvent(), fakeContext(5_000))
      .then(
        () => 'allowed',
        (error: Error) => error,
      )
    const ms = performance.now() - started
    await proxy.setFault({ kind: 'pass' })
    const metrics = metricTotals(harness.metrics.lines.slice(metricStart))
    const logs = harness.log.entries.slice(logStart)
    reportFigures(
      'store faults',
      `pre-authentication warm | ${faultCase.name} | ${faultCase.policy}`,
      {
        outcome:
          result === 'allowed' ? 'allowed' : `refused(${(result as { code?: string }).code})`,
        ms,
        proxyRequests: proxy.requests,
      },
    )

    expect(ms).toBeLessThan(BUDGET_MS)
    // This client's own attempts: the shared proxy may still see a late retry
    // that an earlier test abandoned.
    expect(attempts.total()).toBe(faultCase.attempts)
    if (faultCase.answers) {
      expect(result).toBe('allowed')
    } else if (faultCase.policy === 'fail') {
      expect(result).toBeInstanceOf(Error)
      expect((result as Error).message).toBe(SAFE_MESSAGE)
      expect(metrics).toMatchObject({ TriggerFailures: 1, StoreUnavailable: 1 })
    } else {
      expect(result).toBe('allowed')
      expect(metrics).toMatchObject({ ActiveChecksSkipped: 1 })
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 'WARN',
          message: 'claims store unavailable: sign-in allowed without the active check',
        }),
      )
    }
    client.destroy()
  })
})

describe('the invocation deadline', () => {
  // 1100 ms left and the 300 ms margin: the store is abandoned 800 ms in, before the SDK's own
  // 1000 ms attempt timeout.
  const REMAINING_MS = 1_100

  it.each(
    POLICIES,
  )('serves a read that answers before the deadline (500 ms) under ON_STORE_ERROR=%s', async (policy) => {
    const { client } = proxiedClient()
    const harness = buildHarness({
      table,
      storeClient: client,
      settings: { onStoreError: policy },
    })
    await proxy.setFault({ kind: 'pass' })
    await harness.preTokenGeneration(tokenEvent('2'), fakeContext())
    proxy.resetCounts()
    await proxy.setFault({ kind: 'latency', delayMs: 500 })
    const { outcome, ms } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent('2'), fakeContext(REMAINING_MS)),
      '2',
    )
    await proxy.setFault({ kind: 'pass' })
    reportFigures('store faults', `token warm | latency 500 ms (deadline 800 ms) | ${policy}`, {
      outcome: describeOutcome(outcome),
      ms,
      proxyRequests: proxy.requests,
    })
    expect(outcome).toEqual({ kind: 'enriched' })
    expect(ms).toBeLessThan(REMAINING_MS)
    client.destroy()
  })

  it.each(
    POLICIES,
  )('abandons a read still running at the deadline (1100 ms) under ON_STORE_ERROR=%s', async (policy) => {
    const { client } = proxiedClient()
    const harness = buildHarness({
      table,
      storeClient: client,
      settings: { onStoreError: policy },
    })
    await proxy.setFault({ kind: 'pass' })
    await harness.preTokenGeneration(tokenEvent('2'), fakeContext())
    proxy.resetCounts()
    await proxy.setFault({ kind: 'latency', delayMs: 1_100 })
    const { outcome, ms } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent('2'), fakeContext(REMAINING_MS)),
      '2',
    )
    await proxy.setFault({ kind: 'pass' })
    reportFigures('store faults', `token warm | latency 1100 ms (deadline 800 ms) | ${policy}`, {
      outcome: describeOutcome(outcome),
      ms,
      proxyRequests: proxy.requests,
    })
    expect(outcome).toEqual(
      policy === 'fail'
        ? { kind: 'refused', code: 'STORE_UNAVAILABLE', message: SAFE_MESSAGE }
        : { kind: 'unenriched' },
    )
    expect(ms).toBeGreaterThanOrEqual(750)
    expect(ms).toBeLessThan(REMAINING_MS)
    // Abandoned, not retried: the signal ends the call.
    expect(proxy.requests).toBe(1)
    client.destroy()
  })
})

describe('bounded retries', () => {
  it.each([
    ['one 500 InternalServerError', { kind: 'error', error: 'InternalServerError' }],
    ['one ThrottlingException', { kind: 'error', error: 'ThrottlingException' }],
    ['one connection reset', { kind: 'reset' }],
  ] as const)('retries %s once and enriches the token', async (name, fault) => {
    const { client } = proxiedClient()
    const harness = buildHarness({ table, storeClient: client })
    await proxy.setFault({ kind: 'pass' })
    await harness.preTokenGeneration(tokenEvent('2'), fakeContext())
    proxy.resetCounts()
    await proxy.setFault(fault, { times: 1 })
    const { outcome, ms } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent('2'), fakeContext()),
      '2',
    )
    await proxy.setFault({ kind: 'pass' })
    reportFigures('store faults', `token warm | ${name}, then healthy | fail`, {
      outcome: describeOutcome(outcome),
      ms,
      proxyRequests: proxy.requests,
    })
    expect(outcome).toEqual({ kind: 'enriched' })
    expect(proxy.requests).toBe(2)
    client.destroy()
  })

  it('sends at most 2 requests per invocation over 20 invocations against a throttling store', async () => {
    const { client } = proxiedClient()
    const harness = buildHarness({ table, storeClient: client, settings: { onStoreError: 'omit' } })
    await proxy.setFault({ kind: 'pass' })
    await harness.preTokenGeneration(tokenEvent('2'), fakeContext())
    proxy.resetCounts()
    await proxy.setFault({ kind: 'error', error: 'ThrottlingException' })
    const started = performance.now()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        invokeToken(() => harness.preTokenGeneration(tokenEvent('2'), fakeContext()), '2'),
      ),
    )
    const ms = performance.now() - started
    await proxy.setFault({ kind: 'pass' })
    reportFigures('store faults', 'token warm | 20 concurrent, all throttled | omit', {
      unenriched: outcomes.filter((each) => each.outcome.kind === 'unenriched').length,
      ms,
      proxyRequests: proxy.requests,
    })
    expect(outcomes.every((each) => each.outcome.kind === 'unenriched')).toBe(true)
    expect(proxy.requests).toBe(40)
    expect(ms).toBeLessThan(BUDGET_MS)
    client.destroy()
  })
})

describe('every event version under a store failure', () => {
  it.each(
    ['1', '2', '3'].flatMap((version) => POLICIES.map((policy) => ({ version, policy }))),
  )('answers a version $version event as ON_STORE_ERROR=$policy says', async ({
    version,
    policy,
  }) => {
    const { client } = proxiedClient()
    const harness = buildHarness({
      table,
      storeClient: client,
      settings: { onStoreError: policy },
    })
    const v = version as '1' | '2' | '3'
    await proxy.setFault({ kind: 'error', error: 'InternalServerError' })
    const { outcome } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent(v), fakeContext()),
      v,
    )
    await proxy.setFault({ kind: 'pass' })
    expect(outcome).toEqual(
      policy === 'fail'
        ? { kind: 'refused', code: 'STORE_UNAVAILABLE', message: SAFE_MESSAGE }
        : { kind: 'unenriched' },
    )
    client.destroy()
  })
})

describe('a corrupt user item', () => {
  it.each(
    POLICIES,
  )('never issues a token from it, under ON_STORE_ERROR=%s, and says nothing of it to the client', async (policy) => {
    const sub = 'corrupt-0000-4000-8000-000000000003'
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...userKey(sub),
          kind: 'user',
          schemaVersion: 1,
          version: 1,
          sub,
          active: 'yes',
          claims: [],
        },
      }),
    )
    const harness = buildHarness({
      table,
      storeClient: table.client,
      settings: { onStoreError: policy },
    })
    const { outcome } = await invokeToken(
      () => harness.preTokenGeneration(tokenEvent('2', sub), fakeContext()),
      '2',
      sub,
    )
    reportFigures(
      'store faults',
      `token | corrupt user item (active is not a boolean) | ${policy}`,
      {
        outcome: describeOutcome(outcome),
      },
    )
    // The item's active flag cannot be read, so it cannot vouch for the user: refused either way.
    expect(outcome.kind).toBe('refused')
    if (outcome.kind === 'refused') expectSafe(outcome.message)
    expect(JSON.stringify(harness.log.entries)).toContain('STORE_ITEM_CORRUPT')
  })
})
