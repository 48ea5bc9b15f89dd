import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { buildTriggers, INACTIVE_SUB, seedClaimsTable } from './support/claims-table.js'
import { type FixtureName, loadEvent, USER_SOURCE_FIXTURES } from './support/events.js'
import { fakeContext } from './support/lambda.js'

/**
 * What AWS may send tomorrow, as close variants of the published example
 * events (test/fixtures/cognito): each is served, never refused for being new.
 */
let table: TestTable

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedClaimsTable(table)
})

afterAll(async () => {
  await table?.stop()
})

async function served(
  name: FixtureName,
  change: (event: ReturnType<typeof loadEvent>) => void = () => {},
) {
  const triggers = buildTriggers(table)
  const event = loadEvent(name)
  change(event)
  const result = await triggers.preTokenGeneration(event, fakeContext())
  return { result, triggers }
}

function inactive(event: ReturnType<typeof loadEvent>) {
  event.request.userAttributes.sub = INACTIVE_SUB
}

describe('the published example events', () => {
  const names: FixtureName[] = [
    ...(['1', '2', '3'] as const).flatMap((version) =>
      USER_SOURCE_FIXTURES.map(
        ([, file]) => `pre-token-generation-v${version}-${file}` as FixtureName,
      ),
    ),
    'pre-token-generation-v3-client-credentials',
  ]
  it.each(names)('serves %s as published', async (name) => {
    const { result, triggers } = await served(name)
    expect(result.response).toBeDefined()
    expect(triggers.metrics.totals().EventsUnrecognized).toBeUndefined()
  })
})

describe('events with what AWS may add', () => {
  it('ignores new fields anywhere in a version 2 event', async () => {
    const { result: known } = await served('pre-token-generation-v2-authentication')
    const { result, triggers } = await served('pre-token-generation-v2-new-fields')
    expect(result.response).toEqual(known.response)
    expect(triggers.metrics.totals().EventsUnrecognized).toBeUndefined()
  })

  it('answers a newer version whose response shows claimsAndScopeOverrideDetails as version 3, logged and counted', async () => {
    const { result: known } = await served('pre-token-generation-v3-authentication')
    const { result, triggers } = await served('pre-token-generation-v4-authentication')
    expect(result.response).toEqual(known.response)
    expect(result.version).toBe('4')
    expect(triggers.metrics.totals().EventsUnrecognized).toBe(1)
    expect(triggers.log.entries).toContainEqual(
      expect.objectContaining({
        message: 'event not recognized: read as the nearest known event',
        unrecognized: { version: '4' },
        answeredAs: '3',
      }),
    )
  })

  it('answers a newer version whose response shows claimsOverrideDetails as version 1', async () => {
    const { result: known } = await served('pre-token-generation-v1-authentication')
    const { result, triggers } = await served('pre-token-generation-v1-1-authentication')
    expect(result.response).toEqual(known.response)
    expect(triggers.metrics.totals().EventsUnrecognized).toBe(1)
  })

  it('hands back unenriched a newer version whose response shows no known shape', async () => {
    const { result, triggers } = await served('pre-token-generation-v9-unknown-response')
    expect(result).toEqual(loadEvent('pre-token-generation-v9-unknown-response'))
    expect(triggers.metrics.totals()).toMatchObject({ EventsUnrecognized: 1, TokensUnenriched: 1 })
  })

  it('hands back unenriched a newer version with no known shape that no longer shows its user where version 2 does', async () => {
    const { result, triggers } = await served(
      'pre-token-generation-v9-unknown-response',
      (event) => {
        ;(event as { request: unknown }).request = { principal: { id: INACTIVE_SUB } }
      },
    )
    expect(result).toMatchObject({ request: { principal: { id: INACTIVE_SUB } } })
    expect(triggers.metrics.totals()).toMatchObject({ EventsUnrecognized: 1, TokensUnenriched: 1 })
  })

  it('serves an unknown TokenGeneration_ source with a user as a sign-in, logged and counted', async () => {
    const { result: known } = await served('pre-token-generation-v2-authentication')
    const { result, triggers } = await served('pre-token-generation-v2-unknown-source')
    expect(result.response).toEqual(known.response)
    expect(triggers.metrics.totals().EventsUnrecognized).toBe(1)
    expect(triggers.log.entries).toContainEqual(
      expect.objectContaining({
        unrecognized: { triggerSource: 'TokenGeneration_PasswordlessAuthentication' },
      }),
    )
  })

  it('still asks whether the user is active for an unknown source or a newer version', async () => {
    for (const name of [
      'pre-token-generation-v2-unknown-source',
      'pre-token-generation-v4-authentication',
      'pre-token-generation-v9-unknown-response',
    ] as const) {
      await expect(served(name, inactive)).rejects.toMatchObject({
        code: 'USER_INACTIVE',
        message: 'user is not active',
      })
    }
  })

  it('leaves out user attributes that are not strings, never refusing the sign-in', async () => {
    const { result: known } = await served('pre-token-generation-v2-authentication')
    const { result } = await served('pre-token-generation-v2-non-string-attributes')
    expect(result.response).toEqual(known.response)
  })

  it('never lets a non-string attribute override a stored claim of its type', async () => {
    const { result } = await served('pre-token-generation-v2-non-string-attributes', (event) => {
      event.request.scopes = ['openid', 'tenant', 'orders/read']
      event.request.userAttributes['custom:plan'] = { plan: 'platinum' }
      event.request.userAttributes.tenant_id = 999
    })
    const details = (
      result.response as {
        claimsAndScopeOverrideDetails: Record<
          string,
          { claimsToAddOrOverride: Record<string, unknown> }
        >
      }
    ).claimsAndScopeOverrideDetails
    expect(details.idTokenGeneration?.claimsToAddOrOverride).toMatchObject({
      tenant_id: 42,
      'custom:plan': 'basic',
    })
    expect(details.accessTokenGeneration?.claimsToAddOrOverride['custom:plan']).toBe('basic')
  })
})

describe('pre-authentication events with what AWS may add', () => {
  it('reads a newer version with new fields, logged and counted', async () => {
    const triggers = buildTriggers(table)
    const event = loadEvent('pre-authentication-v2')
    await expect(triggers.preAuthentication(event, fakeContext())).resolves.toEqual(
      loadEvent('pre-authentication-v2'),
    )
    expect(triggers.metrics.totals().EventsUnrecognized).toBe(1)
    inactive(event)
    await expect(triggers.preAuthentication(event, fakeContext())).rejects.toMatchObject({
      message: 'user is not active',
    })
  })

  it('answers userNotFound with no userAttributes as any unknown user', async () => {
    const triggers = buildTriggers(table)
    const event = loadEvent('pre-authentication-user-not-found-no-attributes')
    await expect(triggers.preAuthentication(event, fakeContext())).resolves.toEqual(
      loadEvent('pre-authentication-user-not-found-no-attributes'),
    )
  })
})
