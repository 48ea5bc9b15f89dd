import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countDynamoDbRequests } from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import {
  buildTriggers,
  closedEndpoint,
  INACTIVE_SUB,
  seedClaimsTable,
  silentEndpoint,
} from './support/claims-table.js'
import { loadEvent } from './support/events.js'
import { fakeContext } from './support/lambda.js'

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(outcome instanceof Error)) throw new Error('the trigger did not refuse')
  return outcome
}

function eventFor(sub: string) {
  const event = loadEvent('pre-authentication')
  event.request.userAttributes.sub = sub
  return event
}

describe('the pre authentication trigger', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await dynamoDbLocal()
    await seedClaimsTable(table)
  })

  afterAll(async () => {
    await table?.stop()
  })

  it('lets an active user sign in, handing the event back unchanged', async () => {
    const event = loadEvent('pre-authentication')
    const result = await buildTriggers(table).preAuthentication(event, fakeContext())
    expect(result).toEqual(loadEvent('pre-authentication'))
  })

  it('refuses an inactive user with a message safe to show', async () => {
    const built = buildTriggers(table)
    const error = await refusal(built.preAuthentication(eventFor(INACTIVE_SUB), fakeContext()))
    expect(error.message).toBe('user is not active')
    expect(built.metrics.totals()).toMatchObject({ UsersRefused: 1 })
    expect(built.log.entries.at(-1)).toMatchObject({
      level: 'WARN',
      message: 'trigger refused the request',
      triggerSource: 'PreAuthentication_Authentication',
      clientId: '1example23456789',
    })
  })

  it('lets a user without a record sign in, unless REQUIRE_PROFILE is set', async () => {
    const event = eventFor('no-record-0000-4000-8000-000000000009')
    await expect(
      buildTriggers(table).preAuthentication(event, fakeContext()),
    ).resolves.toBeDefined()
    const error = await refusal(
      buildTriggers(table, { requireProfile: true }).preAuthentication(event, fakeContext()),
    )
    expect(error.message).toBe('user is not active')
  })

  it.each([
    false,
    true,
  ])('answers a user Cognito did not find exactly as a user with no record (requireProfile %s), with one read of the user', async (requireProfile) => {
    const outcome = async (event: Record<string, unknown>) => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const built = buildTriggers(table, {
        storeClient: client,
        configurationClient: client,
        requireProfile,
      })
      const answer = await built.preAuthentication(event, fakeContext()).then(
        () => 'allowed',
        (error: Error) => error.message,
      )
      return { answer, getItems: requests.count('GetItem') }
    }
    const notFound = await outcome(loadEvent('pre-authentication-user-not-found'))
    const noAttributes = await outcome(loadEvent('pre-authentication-user-not-found-no-attributes'))
    const noRecord = await outcome(eventFor('no-record-0000-4000-8000-000000000009'))
    expect(notFound).toEqual(noRecord)
    expect(noAttributes).toEqual(noRecord)
    // One GetItem for the user and one for the app client, loaded by its id.
    expect(noRecord).toEqual({
      answer: requireProfile ? 'user is not active' : 'allowed',
      getItems: 2,
    })
  })

  it('refuses a malformed event, naming the field', async () => {
    const event = loadEvent('pre-authentication')
    ;(event as Record<string, unknown>).request = 'request'
    const error = await refusal(buildTriggers(table).preAuthentication(event, fakeContext()))
    expect(error.message).toBe('invalid Cognito event: request is not an object')
  })

  describe('when the store fails', () => {
    it('fails closed by default when the store is down', async () => {
      const down = table.newClient({ endpoint: await closedEndpoint() })
      const error = await refusal(
        buildTriggers(table, { storeClient: down }).preAuthentication(
          loadEvent('pre-authentication'),
          fakeContext(),
        ),
      )
      expect(error.message).toBe('claims are temporarily unavailable')
    })

    it('lets the sign-in through, logged and counted, under ON_STORE_ERROR=omit', async () => {
      const down = table.newClient({ endpoint: await closedEndpoint() })
      const built = buildTriggers(table, { storeClient: down, settings: { onStoreError: 'omit' } })
      await expect(
        built.preAuthentication(loadEvent('pre-authentication'), fakeContext()),
      ).resolves.toBeDefined()
      expect(built.metrics.totals()).toMatchObject({ ActiveChecksSkipped: 1 })
    })

    it('gives up on a slow store at the deadline under either policy', async () => {
      const silent = await silentEndpoint()
      try {
        const slow = table.newClient({ endpoint: silent.endpoint })
        const failing = buildTriggers(table, { storeClient: slow })
        const error = await refusal(
          failing.preAuthentication(loadEvent('pre-authentication'), fakeContext(400)),
        )
        expect(error.message).toBe('claims are temporarily unavailable')
        const omitting = buildTriggers(table, {
          storeClient: slow,
          settings: { onStoreError: 'omit' },
        })
        await expect(
          omitting.preAuthentication(loadEvent('pre-authentication'), fakeContext(400)),
        ).resolves.toBeDefined()
      } finally {
        await silent.close()
      }
    })
  })
})
