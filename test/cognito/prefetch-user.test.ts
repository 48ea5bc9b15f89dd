import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPreTokenGenerationHandler,
  TRIGGER_SETTINGS_DEFAULTS,
} from '../../lib/cognito/index.js'
import type { ClaimsConfigurationSource } from '../../lib/core/index.js'
import { countDynamoDbRequests } from '../../lib/dynamodb/index.js'
import { createClaimsRuntime } from '../../lib/runtime/index.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'
import { seedClaimsTable } from './support/claims-table.js'
import { loadEvent } from './support/events.js'
import { fakeContext, recordingLogger, recordingMetrics } from './support/lambda.js'

describe('pre-token-generation with prefetchUser', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
    await seedClaimsTable(table)
  })

  afterAll(async () => {
    await table.stop()
  })

  /**
   * A handler over the runtime whose client is cached but whose resources are
   * cold; records how many GetItems were sent when the resources were ready.
   */
  async function coldHandler(prefetch: boolean) {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error' },
      client,
    })
    const event = loadEvent('pre-token-generation-v2-authentication')
    await runtime.configurationSource.findClient(String(event.callerContext.clientId))
    counter.reset()
    const seen: { getItemsWhenConfigurationReady?: number } = {}
    const configurationSource: ClaimsConfigurationSource = {
      async loadResources(signal) {
        const resources = await runtime.configurationSource.loadResources(signal)
        seen.getItemsWhenConfigurationReady = counter.count('GetItem')
        return resources
      },
      findClient: (clientId, signal) => runtime.configurationSource.findClient(clientId, signal),
    }
    const handler = createPreTokenGenerationHandler({
      profileService: runtime.profileService,
      configurationSource,
      logger: recordingLogger().logger,
      metrics: recordingMetrics().metrics,
      settings: TRIGGER_SETTINGS_DEFAULTS,
      prefetchUser: prefetch ? runtime.prefetchUser : undefined,
    })
    return { handler, counter, seen, event }
  }

  it('sends the user read while the cold resources Query runs, and reads the user once', async () => {
    const { handler, counter, seen, event } = await coldHandler(true)
    const result = await handler(event, fakeContext())

    expect(seen.getItemsWhenConfigurationReady).toBe(1)
    expect(counter.count('GetItem')).toBe(1)
    expect(counter.count('Query')).toBe(1)
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: {} } },
    })
    expect(JSON.stringify(result.response)).toContain('tenant_id')
  })

  it('reads the user only after the resources without it', async () => {
    const { handler, counter, seen, event } = await coldHandler(false)
    await handler(event, fakeContext())

    expect(seen.getItemsWhenConfigurationReady).toBe(0)
    expect(counter.count('GetItem')).toBe(1)
  })

  /** A handler whose prefetchUser only records what it was asked, over the real runtime. */
  function recordingHandler() {
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error' },
      client: table.newClient(),
    })
    const prefetched: Array<{ sub: string; signal: AbortSignal }> = []
    const handler = createPreTokenGenerationHandler({
      profileService: runtime.profileService,
      configurationSource: runtime.configurationSource,
      logger: recordingLogger().logger,
      metrics: recordingMetrics().metrics,
      settings: TRIGGER_SETTINGS_DEFAULTS,
      prefetchUser: (sub, signal) => prefetched.push({ sub, signal }),
    })
    return { handler, prefetched }
  }

  it('sends the read before the event is checked, and abandons it when the check fails', async () => {
    const { handler, prefetched } = recordingHandler()
    const event = { ...loadEvent('pre-token-generation-v2-authentication'), userName: 7 }

    await expect(handler(event, fakeContext())).rejects.toMatchObject({
      name: 'CognitoTriggerError',
    })
    expect(prefetched).toHaveLength(1)
    expect(prefetched[0]?.sub).toBe(event.request.userAttributes.sub)
    expect(prefetched[0]?.signal.aborted).toBe(true)
    expect((prefetched[0]?.signal.reason as Error).name).toBe('AbortError')
  })

  it('leaves the signal of a served token unaborted', async () => {
    const { handler, prefetched } = recordingHandler()
    await handler(loadEvent('pre-token-generation-v2-authentication'), fakeContext())

    expect(prefetched).toHaveLength(1)
    expect(prefetched[0]?.signal.aborted).toBe(false)
  })

  it.each([
    ['a client-credentials grant', 'pre-token-generation-v3-client-credentials', 'user-1'],
    ['an event whose sub is not a string', 'pre-token-generation-v2-authentication', 42],
    ['an event whose sub is empty', 'pre-token-generation-v2-authentication', ''],
  ] as const)('sends no read ahead for %s', async (_case, fixture, sub) => {
    const { handler, prefetched } = recordingHandler()
    const event = loadEvent(fixture)
    event.request.userAttributes = { ...event.request.userAttributes, sub }

    await handler(event, fakeContext()).catch(() => {})
    expect(prefetched).toEqual([])
  })

  it('refuses a prefetchUser that is not a function', () => {
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName },
      client: table.client,
    })
    expect(() =>
      createPreTokenGenerationHandler({
        ...runtime,
        metrics: recordingMetrics().metrics,
        settings: TRIGGER_SETTINGS_DEFAULTS,
        prefetchUser: 'yes' as never,
      }),
    ).toThrow('prefetchUser must be a function')
  })
})
