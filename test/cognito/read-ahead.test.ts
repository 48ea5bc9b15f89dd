import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPreTokenGenerationHandler,
  TRIGGER_SETTINGS_DEFAULTS,
} from '../../lib/cognito/index.js'
import type { ReadAhead, ReadAheadHint } from '../../lib/core/index.js'
import { countDynamoDbRequests } from '../../lib/dynamodb/index.js'
import { type ClaimsRuntime, createClaimsRuntime } from '../../lib/runtime/index.js'
import { dynamoDbLocal, startDynalite, type TestTable } from '../support/dynamodb.js'
import { seedClaimsTable } from './support/claims-table.js'
import { loadEvent } from './support/events.js'
import { fakeContext, recordingLogger, recordingMetrics } from './support/lambda.js'

describe('pre-token-generation with readAhead', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await dynamoDbLocal()
    await seedClaimsTable(table)
  })

  afterAll(async () => {
    await table.stop()
  })

  /** The trigger over a fresh runtime (nothing cached) on `client`, with the read-ahead `pick` gives. */
  function triggerOver(
    client: DynamoDBDocumentClient,
    pick: (runtime: ClaimsRuntime) => ReadAhead | undefined,
    env: Readonly<Record<string, string>> = {},
  ) {
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error', ...env },
      client,
    })
    return createPreTokenGenerationHandler({
      profileService: runtime.profileService,
      configurationSource: runtime.configurationSource,
      logger: recordingLogger().logger,
      metrics: recordingMetrics().metrics,
      settings: TRIGGER_SETTINGS_DEFAULTS,
      readAhead: pick(runtime),
    })
  }

  /** A cold handler over the runtime: nothing cached, each request counted. */
  function coldHandler(readAhead: boolean, env: Readonly<Record<string, string>> = {}) {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const handler = triggerOver(
      client,
      (runtime) => (readAhead ? runtime.readAhead : undefined),
      env,
    )
    return { handler, counter, event: loadEvent('pre-token-generation-v2-authentication') }
  }

  it('reads the user, the client and the resources of a cold start in one statement', async () => {
    const { handler, counter, event } = coldHandler(true)
    const result = await handler(event, fakeContext())

    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })
    expect(JSON.stringify(result.response)).toContain('tenant_id')
  })

  it('answers exactly as the handler without a read-ahead does', async () => {
    const ahead = coldHandler(true)
    const plain = coldHandler(false)
    const [withReadAhead, without] = [
      await ahead.handler(ahead.event, fakeContext()),
      await plain.handler(plain.event, fakeContext()),
    ]

    expect(withReadAhead).toEqual(without)
    expect(ahead.counter.snapshot()).toEqual({ ExecuteStatement: 1 })
    expect(plain.counter.snapshot()).toEqual({ GetItem: 2, Query: 1 })
  })

  it('reads only the user once the configuration is cached', async () => {
    const { handler, counter, event } = coldHandler(true)
    await handler(event, fakeContext())
    counter.reset()
    await handler(event, fakeContext())

    expect(counter.snapshot()).toEqual({ GetItem: 1 })
  })

  it('reads the user apart when it is read consistently, the client and the resources together', async () => {
    const { handler, counter, event } = coldHandler(true, { CONSISTENT_READ: 'true' })
    await handler(event, fakeContext())

    expect(counter.snapshot()).toEqual({ GetItem: 1, ExecuteStatement: 1 })
  })

  it('answers the same where DynamoDB refuses the statement, reading apart and saying so', async () => {
    const dynalite = await startDynalite()
    try {
      await seedClaimsTable(dynalite)
      const client = dynalite.newClient()
      const counter = countDynamoDbRequests(client)
      const log = recordingLogger()
      const runtime = createClaimsRuntime({
        env: { CLAIMS_TABLE: dynalite.tableName, LOG_LEVEL: 'warn' },
        client,
        logger: log.logger,
      })
      const handler = createPreTokenGenerationHandler({
        ...runtime,
        metrics: recordingMetrics().metrics,
        settings: TRIGGER_SETTINGS_DEFAULTS,
      })
      const event = loadEvent('pre-token-generation-v2-authentication')
      const plain = coldHandler(false)

      await expect(handler(event, fakeContext())).resolves.toEqual(
        await plain.handler(plain.event, fakeContext()),
      )
      expect(counter.snapshot()).toEqual({ ExecuteStatement: 1, GetItem: 2, Query: 1 })
      expect(log.text()).toContain('allow dynamodb:PartiQLSelect on the table')
    } finally {
      await dynalite.stop()
    }
  })

  /** A handler whose readAhead only records what it was asked, over the real runtime. */
  function recordingHandler() {
    const prefetched: Array<{ hint: ReadAheadHint; signal: AbortSignal }> = []
    const handler = triggerOver(table.newClient(), () => (hint, signal) => {
      prefetched.push({ hint, signal })
    })
    return { handler, prefetched }
  }

  it('sends the reads before the event is checked, and abandons them when the check fails', async () => {
    const { handler, prefetched } = recordingHandler()
    const event = { ...loadEvent('pre-token-generation-v2-authentication'), userName: 7 }

    await expect(handler(event, fakeContext())).rejects.toMatchObject({
      name: 'CognitoTriggerError',
    })
    expect(prefetched).toHaveLength(1)
    expect(prefetched[0]?.hint).toEqual({
      sub: event.request.userAttributes.sub,
      clientId: event.callerContext.clientId,
    })
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
  ] as const)('reads no user ahead for %s, only the client', async (_case, fixture, sub) => {
    const { handler, prefetched } = recordingHandler()
    const event = loadEvent(fixture)
    event.request.userAttributes = { ...event.request.userAttributes, sub }

    await handler(event, fakeContext()).catch(() => {})
    expect(prefetched.map(({ hint }) => hint)).toEqual([
      { sub: undefined, clientId: event.callerContext.clientId },
    ])
  })

  it('refuses a readAhead that is not a function', () => {
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName },
      client: table.client,
    })
    expect(() =>
      createPreTokenGenerationHandler({
        ...runtime,
        metrics: recordingMetrics().metrics,
        settings: TRIGGER_SETTINGS_DEFAULTS,
        readAhead: 'yes' as never,
      }),
    ).toThrow('readAhead must be a function')
  })
})
