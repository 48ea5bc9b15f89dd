import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/core/index.js'
import { countDynamoDbRequests } from '../../lib/dynamodb/index.js'
import { DYNAMODB_BACKENDS, type TestTable } from '../support/dynamodb.js'
import {
  ALWAYS_CLIENT,
  BARE_M2M_CLIENT,
  buildTriggers,
  closedEndpoint,
  INACTIVE_SUB,
  LARGE_SUB,
  M2M_CLIENT,
  SLIM_ID_TOKEN_CLIENT,
  seedClaimsTable,
  silentEndpoint,
  type TriggerOptions,
} from './support/claims-table.js'
import { loadEvent, USER_SOURCE_FIXTURES } from './support/events.js'
import { fakeContext } from './support/lambda.js'

/** Every scope kind, one of them (orders/write) outside the web client's allowedScopes. */
const ALL_SCOPES = ['openid', 'profile', 'email', 'tenant', 'orders/read', 'orders/write']

const TYPED_ID_TOKEN = {
  name: 'Jane Stored',
  email: 'stored@example.com',
  updated_at: 1_710_000_000,
  tenant_id: 42,
  tenant_role: ['admin', 'editor'],
  tenant_beta: true,
  tenant_settings: { theme: 'dark' },
  'custom:plan': 'basic',
}
const TYPED_ACCESS_TOKEN = { department: 'sales', 'custom:plan': 'basic', employee_id: 'E-1' }
const VERSION_1_ID_TOKEN = {
  name: 'Jane Stored',
  email: 'stored@example.com',
  tenant_id: '42',
  tenant_role: '["admin","editor"]',
  tenant_beta: 'true',
  tenant_settings: '{"theme":"dark"}',
  'custom:plan': 'basic',
}

type Version = '1' | '2' | '3'
type Source = (typeof USER_SOURCE_FIXTURES)[number][1]

function userEvent(version: Version, source: Source, scopes: string[] | undefined = ALL_SCOPES) {
  const event = loadEvent(`pre-token-generation-v${version}-${source}`)
  if (version !== '1' && scopes !== undefined) event.request.scopes = scopes
  // A custom attribute the user can write; the store has its own value.
  event.request.userAttributes['custom:plan'] = 'platinum'
  return event
}

function claimsOf(
  result: { response: unknown },
  token: 'id' | 'access',
): Record<string, JsonValue> | undefined {
  const response = result.response as {
    claimsOverrideDetails?: { claimsToAddOrOverride: Record<string, JsonValue> }
    claimsAndScopeOverrideDetails?: Record<
      string,
      { claimsToAddOrOverride: Record<string, JsonValue> } | undefined
    >
  }
  if (response.claimsOverrideDetails) {
    return token === 'id' ? response.claimsOverrideDetails.claimsToAddOrOverride : undefined
  }
  const details = response.claimsAndScopeOverrideDetails
  return details?.[token === 'id' ? 'idTokenGeneration' : 'accessTokenGeneration']
    ?.claimsToAddOrOverride
}

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(outcome instanceof Error)) throw new Error('the trigger did not refuse')
  return outcome
}

const USER_CASES = (['1', '2', '3'] as const).flatMap((version) =>
  USER_SOURCE_FIXTURES.map(([triggerSource, source]) => ({ version, triggerSource, source })),
)

describe.each(DYNAMODB_BACKENDS)('the pre token generation trigger on $name', (backend) => {
  let table: TestTable
  const triggers = (options?: TriggerOptions) => buildTriggers(table, options)

  beforeAll(async () => {
    table = await backend.start()
    await seedClaimsTable(table)
  })

  afterAll(async () => {
    await table?.stop()
  })

  describe('claims by event version', () => {
    it.each(
      USER_CASES.filter((c) => c.version !== '1'),
    )('sends typed claims to both tokens for a version $version $triggerSource event', async ({
      version,
      source,
    }) => {
      const result = await triggers().preTokenGeneration(userEvent(version, source), fakeContext())
      expect(claimsOf(result, 'id')).toEqual(TYPED_ID_TOKEN)
      expect(claimsOf(result, 'access')).toEqual(TYPED_ACCESS_TOKEN)
    })

    it.each(
      USER_CASES.filter((c) => c.version === '1'),
    )('sends the ID token claims as strings for a version 1 $triggerSource event', async ({
      source,
    }) => {
      const result = await triggers().preTokenGeneration(userEvent('1', source), fakeContext())
      expect(result.response).toEqual({
        claimsOverrideDetails: { claimsToAddOrOverride: VERSION_1_ID_TOKEN },
      })
      for (const value of Object.values(claimsOf(result, 'id') ?? {}))
        expect(typeof value).toBe('string')
    })

    it.each(
      USER_CASES.filter((c) => c.source === 'hosted-auth'),
    )("adds none of the user's claims to the ID token of a client that sets alwaysIncludeUserClaimsInIdToken false (version $version)", async ({
      version,
    }) => {
      const event = userEvent(version, 'hosted-auth')
      event.callerContext.clientId = SLIM_ID_TOKEN_CLIENT
      const result = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'id')).toEqual({})
      expect(claimsOf(result, 'access')).toEqual(version === '1' ? undefined : TYPED_ACCESS_TOKEN)
    })

    it("falls back to the client's allowed scopes when an API sign-in carries only Cognito's admin scope", async () => {
      const event = userEvent('2', 'authentication', ['aws.cognito.signin.user.admin'])
      const result = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'id')).toEqual(TYPED_ID_TOKEN)
      expect(claimsOf(result, 'access')).toEqual(TYPED_ACCESS_TOKEN)
    })

    it('sends only what the requested scopes ask for', async () => {
      const result = await triggers().preTokenGeneration(
        userEvent('2', 'hosted-auth', ['openid', 'email']),
        fakeContext(),
      )
      expect(claimsOf(result, 'id')).toEqual({ email: 'stored@example.com' })
      expect(claimsOf(result, 'access')).toEqual({})
    })

    it("ignores scopes outside the client's allowedScopes", async () => {
      const result = await triggers().preTokenGeneration(
        userEvent('2', 'hosted-auth', ['orders/write']),
        fakeContext(),
      )
      expect(claimsOf(result, 'access')).toEqual({})
      const unrestricted = userEvent('2', 'hosted-auth', ['orders/write'])
      unrestricted.callerContext.clientId = 'client-without-allowed-scopes'
      const control = await triggers().preTokenGeneration(unrestricted, fakeContext())
      expect(claimsOf(control, 'access')).toEqual({ approval_limit: 1000, employee_id: 'E-1' })
    })

    it('never sends a reserved claim, even one stored and mapped', async () => {
      for (const version of ['1', '2', '3'] as const) {
        const result = await triggers().preTokenGeneration(
          userEvent(version, 'hosted-auth'),
          fakeContext(),
        )
        const text = JSON.stringify(result.response)
        for (const type of ['token_use', 'cognito:groups', 'dev:x', 'cognito:username', 'sub']) {
          expect(text).not.toContain(`"${type}"`)
        }
      }
    })

    it('never lets a user-written attribute override a stored claim', async () => {
      const event = userEvent('2', 'hosted-auth')
      event.request.userAttributes.email = 'attacker@example.com'
      const result = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'id')?.email).toBe('stored@example.com')
      expect(claimsOf(result, 'id')?.['custom:plan']).toBe('basic')
      expect(claimsOf(result, 'access')?.['custom:plan']).toBe('basic')
    })

    it('leaves out an invalid stored value, logging its type and reason but not its value', async () => {
      const built = triggers()
      const result = await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      expect(claimsOf(result, 'id')).not.toHaveProperty('tenant_quota')
      const omitted = built.log.entries.find(
        (entry) => entry.message === 'invalid claim value omitted',
      )
      expect(omitted).toMatchObject({
        sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        claimType: 'tenant_quota',
        valueType: 'integer',
        reason: 'not-a-number',
      })
      expect(built.log.text()).not.toContain('lots')
      expect(built.metrics.totals().ClaimValueInvalid).toBe(1)
    })

    it('refuses the token instead under ON_INVALID_CLAIM=fail', async () => {
      const built = triggers({ settings: { onInvalidClaim: 'fail' } })
      const error = await refusal(
        built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext()),
      )
      expect(error.message).toBe('claims could not be issued')
    })

    it('leaves a Cognito-typed claim out of version 1 rather than send it as a string', async () => {
      const built = triggers()
      const result = await built.preTokenGeneration(userEvent('1', 'hosted-auth'), fakeContext())
      expect(claimsOf(result, 'id')).not.toHaveProperty('updated_at')
      expect(built.log.entries).toContainEqual(
        expect.objectContaining({ claimType: 'updated_at', reason: 'strings-only-event' }),
      )
    })
  })

  describe('client claims', () => {
    it('sends only prefixed client claims to a client-credentials access token', async () => {
      const result = await triggers().preTokenGeneration(
        loadEvent('pre-token-generation-v3-client-credentials'),
        fakeContext(),
      )
      expect(result.response).toEqual({
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: {
              client_customer_id: '123',
              client_tier: 3,
              client_region: ['eu', 'us'],
            },
          },
        },
      })
    })

    it('sends client claims without a prefix when the prefix is empty', async () => {
      const event = loadEvent('pre-token-generation-v3-client-credentials')
      event.callerContext.clientId = BARE_M2M_CLIENT
      const result = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'access')).toEqual({ tier: 3 })
    })

    it('sends no client claims to a user, unless the client always sends them', async () => {
      const web = await triggers().preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      expect(claimsOf(web, 'access')).not.toHaveProperty('client_plan')
      const event = userEvent('3', 'hosted-auth', ['openid', 'orders/read'])
      event.callerContext.clientId = ALWAYS_CLIENT
      const always = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(always, 'access')).toEqual({ ...TYPED_ACCESS_TOKEN, app_tier: 3 })
      expect(claimsOf(always, 'id')).toEqual({})
    })

    it('asks nobody whether a client-credentials grant is active and reads no user', async () => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const event = loadEvent('pre-token-generation-v3-client-credentials')
      event.callerContext.clientId = M2M_CLIENT
      await triggers({ storeClient: client }).preTokenGeneration(event, fakeContext())
      expect(requests.count('GetItem')).toBe(0)
    })
  })

  describe('active users', () => {
    it.each([
      ['2', 'refresh-tokens'],
      ['1', 'refresh-tokens'],
      ['3', 'authentication'],
      ['2', 'hosted-auth'],
    ] as const)('refuses a version %s %s token for an inactive user', async (version, source) => {
      const event = userEvent(version, source)
      event.request.userAttributes.sub = INACTIVE_SUB
      const built = triggers()
      const error = await refusal(built.preTokenGeneration(event, fakeContext()))
      expect(error.message).toBe('user is not active')
      expect(built.metrics.totals()).toMatchObject({ TriggerFailures: 1, UsersRefused: 1 })
    })

    it('issues tokens to a user without a record, with no stored claims', async () => {
      const event = userEvent('2', 'hosted-auth')
      event.request.userAttributes.sub = 'no-record-0000-4000-8000-000000000009'
      const result = await triggers().preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'id')).toEqual({})
      expect(claimsOf(result, 'access')).toEqual({ 'custom:plan': 'platinum' })
    })

    it('refuses a user without a record when REQUIRE_PROFILE is set', async () => {
      const event = userEvent('2', 'hosted-auth')
      event.request.userAttributes.sub = 'no-record-0000-4000-8000-000000000009'
      const error = await refusal(
        triggers({ requireProfile: true }).preTokenGeneration(event, fakeContext()),
      )
      expect(error.message).toBe('user is not active')
    })
  })

  describe('when the store fails', () => {
    let down: string
    let silent: Awaited<ReturnType<typeof silentEndpoint>>

    beforeAll(async () => {
      down = await closedEndpoint()
      silent = await silentEndpoint()
    })

    afterAll(async () => {
      await silent.close()
    })

    const unenriched = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: {} },
        accessTokenGeneration: { claimsToAddOrOverride: {} },
      },
    }

    it.each([
      ['the user store is down', 'store'],
      ['the configuration is down', 'configuration'],
    ] as const)('fails closed by default when %s', async (_, which) => {
      const client = table.newClient({ endpoint: down })
      const options = which === 'store' ? { storeClient: client } : { configurationClient: client }
      const built = triggers(options)
      const error = await refusal(
        built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext()),
      )
      expect(error.message).toBe('claims are temporarily unavailable')
      expect(built.metrics.totals()).toMatchObject({ StoreUnavailable: 1 })
      expect(JSON.stringify(built.log.entries.at(-1)?.error)).toContain('ECONNREFUSED')
    })

    it.each([
      ['the user store is down', 'store'],
      ['the configuration is down', 'configuration'],
    ] as const)('issues the token unenriched under ON_STORE_ERROR=omit when %s', async (_, which) => {
      const client = table.newClient({ endpoint: down })
      const options = which === 'store' ? { storeClient: client } : { configurationClient: client }
      const built = triggers({ ...options, settings: { onStoreError: 'omit' } })
      const result = await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      expect(result.response).toEqual(unenriched)
      expect(built.metrics.totals()).toMatchObject({ TokensUnenriched: 1 })
    })

    it('answers version 1 unenriched under ON_STORE_ERROR=omit', async () => {
      const built = triggers({
        storeClient: table.newClient({ endpoint: down }),
        settings: { onStoreError: 'omit' },
      })
      const result = await built.preTokenGeneration(userEvent('1', 'hosted-auth'), fakeContext())
      expect(result.response).toEqual({ claimsOverrideDetails: { claimsToAddOrOverride: {} } })
    })

    it('gives up on a slow store at the deadline and fails closed by default', async () => {
      const built = triggers({ storeClient: table.newClient({ endpoint: silent.endpoint }) })
      const started = performance.now()
      const error = await refusal(
        built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext(400)),
      )
      expect(error.message).toBe('claims are temporarily unavailable')
      // The deadline is 400 - 300 = 100 ms away; the SDK's own timeout is 1000 ms.
      expect(performance.now() - started).toBeLessThan(900)
    })

    it('gives up on a slow store at the deadline and issues the token unenriched under omit', async () => {
      const built = triggers({
        storeClient: table.newClient({ endpoint: silent.endpoint }),
        settings: { onStoreError: 'omit' },
      })
      const result = await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext(400))
      expect(result.response).toEqual(unenriched)
    })
  })

  describe('malformed events', () => {
    it.each([
      [
        'a request that is not an object',
        (e: ReturnType<typeof userEvent>) => {
          ;(e as Record<string, unknown>).request = 'request'
        },
        'invalid Cognito event: request is not an object',
      ],
      [
        'a trigger source of another trigger',
        (e: ReturnType<typeof userEvent>) => {
          e.triggerSource = 'PreSignUp_SignUp'
        },
        'invalid Cognito event: triggerSource is not a pre token generation source',
      ],
      [
        'no user attributes',
        (e: ReturnType<typeof userEvent>) => {
          delete (e.request as Record<string, unknown>).userAttributes
        },
        'invalid Cognito event: request.userAttributes is missing',
      ],
      [
        'no client id',
        (e: ReturnType<typeof userEvent>) => {
          e.callerContext = {}
        },
        'invalid Cognito event: callerContext.clientId is missing',
      ],
    ])('refuses %s with a message naming the field', async (_, change, message) => {
      const event = userEvent('2', 'hosted-auth')
      change(event)
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const built = triggers({ storeClient: client, configurationClient: client })
      const error = await refusal(built.preTokenGeneration(event, fakeContext()))
      expect(error.message).toBe(message)
      expect(requests.total()).toBe(0)
    })
  })

  describe('cost and size', () => {
    it('reads DynamoDB once per warm version 2 invocation', async () => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const built = triggers({ storeClient: client, configurationClient: client })
      await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      requests.reset()
      await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      expect(requests.snapshot()).toEqual({ GetItem: 1 })
    })

    it('issues an oversized token and logs and counts it by default', async () => {
      const event = userEvent('2', 'hosted-auth')
      event.request.userAttributes.sub = LARGE_SUB
      const built = triggers()
      const result = await built.preTokenGeneration(event, fakeContext())
      expect(claimsOf(result, 'id')).toHaveProperty('tenant_settings')
      expect(built.metrics.totals()).toMatchObject({ TokenSizeBudgetExceeded: 1 })
      expect(built.log.entries).toContainEqual(
        expect.objectContaining({
          message: 'claims exceed the token size budget',
          token: 'id',
          budget: 2048,
        }),
      )
    })

    it('refuses an oversized token under TOKEN_SIZE_POLICY=fail', async () => {
      const event = userEvent('2', 'hosted-auth')
      event.request.userAttributes.sub = LARGE_SUB
      const error = await refusal(
        triggers({ settings: { tokenSizePolicy: 'fail' } }).preTokenGeneration(
          event,
          fakeContext(),
        ),
      )
      expect(error.message).toBe('claims exceed the token size budget')
    })

    it('issues a token within budget under TOKEN_SIZE_POLICY=fail', async () => {
      const built = triggers({ settings: { tokenSizePolicy: 'fail' } })
      const result = await built.preTokenGeneration(userEvent('2', 'hosted-auth'), fakeContext())
      expect(claimsOf(result, 'id')).toEqual(TYPED_ID_TOKEN)
      expect(built.metrics.totals().TokenSizeBudgetExceeded).toBeUndefined()
    })
  })
})
