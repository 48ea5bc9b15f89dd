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

  /** A cold handler over the runtime; records how many GetItems were sent when configuration was ready. */
  function coldHandler(prefetch: boolean) {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error' },
      client,
    })
    const seen: { getItemsWhenConfigurationReady?: number } = {}
    const configurationSource: ClaimsConfigurationSource = {
      async load(signal) {
        const configuration = await runtime.configurationSource.load(signal)
        seen.getItemsWhenConfigurationReady = counter.count('GetItem')
        return configuration
      },
    }
    const handler = createPreTokenGenerationHandler({
      profileService: runtime.profileService,
      configurationSource,
      logger: recordingLogger().logger,
      metrics: recordingMetrics().metrics,
      settings: TRIGGER_SETTINGS_DEFAULTS,
      prefetchUser: prefetch ? runtime.prefetchUser : undefined,
    })
    return { handler, counter, seen }
  }

  it('sends the user read while the cold configuration Query runs, and reads the user once', async () => {
    const { handler, counter, seen } = coldHandler(true)
    const result = await handler(loadEvent('pre-token-generation-v2-authentication'), fakeContext())

    expect(seen.getItemsWhenConfigurationReady).toBe(1)
    expect(counter.count('GetItem')).toBe(1)
    expect(counter.count('Query')).toBe(1)
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: {} } },
    })
    expect(JSON.stringify(result.response)).toContain('tenant_id')
  })

  it('reads the user only after configuration without it', async () => {
    const { handler, counter, seen } = coldHandler(false)
    await handler(loadEvent('pre-token-generation-v2-authentication'), fakeContext())

    expect(seen.getItemsWhenConfigurationReady).toBe(0)
    expect(counter.count('GetItem')).toBe(1)
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
