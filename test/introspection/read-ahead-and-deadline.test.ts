import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ClaimsConfiguration,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  staticConfigurationSource,
} from '../../lib/core/index.js'
import {
  createIntrospectionHandler,
  readIntrospectionSettings,
} from '../../lib/introspection/index.js'
import { createLogger, Metrics } from '../../lib/observability/index.js'
import { silentEndpoint } from '../cognito/support/claims-table.js'
import { inMemoryClaimsStore } from '../core/fixtures.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { httpApiEvent, lambdaContext } from '../userinfo/support/events.js'
import {
  accessTokenClaims,
  createSigningKey,
  forgeJws,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'
import { serveIntrospection } from './support/introspection-stack.js'

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ReadAhead'
const SUB = '8f1c0a2e-0000-4000-8000-000000000001'
const CALLER = 'orders-api'

const configuration: ClaimsConfiguration = {
  identityResources: [],
  apiScopes: [],
  apiResources: [{ name: 'orders', scopes: ['orders/read'], userClaims: ['employee_id'] }],
  clients: new Map(),
}

let key: SigningKey
let otherKey: SigningKey

beforeAll(async () => {
  key = await createSigningKey()
  otherKey = await createSigningKey()
})

const userToken = (overrides: Record<string, unknown> = {}) =>
  sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid orders/read', ...overrides }))

const callerToken = (overrides: Record<string, unknown> = {}) =>
  sign(
    key,
    accessTokenClaims(ISSUER, CALLER, {
      client_id: CALLER,
      username: undefined,
      scope: 'claimsmith/introspect orders/read',
      ...overrides,
    }),
  )

function introspectionEvent(caller: string, token: string) {
  return httpApiEvent({
    method: 'POST',
    headers: {
      authorization: `Bearer ${caller}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  })
}

/**
 * The deployed composition over an in-memory store. The key set notes how
 * many reads of the user had gone out each time it was asked for a key, so a
 * test sees whether the read was on its way while the signatures were checked.
 */
function build(options: { withReadAhead: boolean; keySet?: JWTVerifyGetKey }) {
  const store = inMemoryClaimsStore([
    {
      sub: SUB,
      active: true,
      claims: [{ type: 'employee_id', value: '7', valueType: 'integer' }],
    },
  ])
  const memoized = memoizeClaimsStore(store)
  const sendAhead = createReadAhead(memoized)
  const prefetched: string[] = []
  const readsWhenKeysAsked: number[] = []
  const localKeys = createLocalJWKSet({ keys: [key.publicJwk] })
  const keySet: JWTVerifyGetKey =
    options.keySet ??
    (async (header, token) => {
      readsWhenKeysAsked.push(store.reads.length)
      return localKeys(header, token)
    })
  const handler = createIntrospectionHandler({
    profileService: new DefaultProfileService(memoized),
    configurationSource: staticConfigurationSource(configuration),
    logger: createLogger({ level: 'error', write: () => {} }),
    metrics: new Metrics({ namespace: 'claimsmith-test', dimensions: {}, write: () => {} }),
    settings: readIntrospectionSettings({ ISSUER, DEADLINE_MARGIN_MS: '500' }),
    keySet,
    readAhead: options.withReadAhead
      ? (hint, signal) => {
          if (hint.sub !== undefined) prefetched.push(hint.sub)
          expect(hint.clientId).toBeUndefined()
          sendAhead(hint, signal)
        }
      : undefined,
  })
  return { handler, store, prefetched, readsWhenKeysAsked }
}

describe("introspection sends the user's read ahead (sendReadAhead, as userinfo)", () => {
  it('has the read on its way while the signatures are checked, and the profile service uses it', async () => {
    const { handler, store, prefetched, readsWhenKeysAsked } = build({ withReadAhead: true })
    const result = await handler(
      introspectionEvent(await callerToken(), await userToken()),
      lambdaContext(),
    )

    expect(JSON.parse(result.body ?? '')).toMatchObject({ active: true, employee_id: 7 })
    expect(prefetched).toEqual([SUB])
    // Both tokens' keys were asked for with the one read already sent; no second read followed.
    expect(readsWhenKeysAsked).toEqual([1, 1])
    expect(store.reads).toHaveLength(1)
  })

  it('reads the user only after both signatures without a read-ahead', async () => {
    const { handler, store, readsWhenKeysAsked } = build({ withReadAhead: false })
    await handler(introspectionEvent(await callerToken(), await userToken()), lambdaContext())

    expect(readsWhenKeysAsked).toEqual([0, 0])
    expect(store.reads).toHaveLength(1)
  })

  it.each([
    ['a caller token without the introspection scope', { scope: 'orders/read' }],
    ['a caller token of another issuer', { iss: 'https://evil.example.com' }],
    ['a caller ID token', { token_use: 'id' }],
  ])('sends no read for %s', async (_case, overrides) => {
    const { handler, store, prefetched } = build({ withReadAhead: true })
    const result = await handler(
      introspectionEvent(await callerToken(overrides), await userToken()),
      lambdaContext(),
    )

    expect(result.statusCode).toBeGreaterThanOrEqual(400)
    expect(prefetched).toEqual([])
    expect(store.reads).toEqual([])
  })

  it('sends no read for a request without a bearer token', async () => {
    const { handler, store, prefetched } = build({ withReadAhead: true })
    const event = introspectionEvent('x', await userToken())
    event.headers.authorization = 'Basic b3JkZXJzOnNlY3JldA=='
    expect((await handler(event, lambdaContext())).statusCode).toBe(401)
    expect(prefetched).toEqual([])
    expect(store.reads).toEqual([])
  })

  it.each([
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['an ID token', { token_use: 'id' }],
    ['a client-credentials token', { sub: CALLER, client_id: CALLER, username: undefined }],
  ])('sends no read for %s, and answers it', async (_case, overrides) => {
    const { handler, prefetched } = build({ withReadAhead: true })
    const result = await handler(
      introspectionEvent(await callerToken(), await userToken(overrides)),
      lambdaContext(),
    )

    expect(result.statusCode).toBe(200)
    expect(prefetched).toEqual([])
  })

  it('uses nothing of the read for a token whose signature is forged', async () => {
    const { handler, prefetched } = build({ withReadAhead: true })
    const forged = forgeJws(
      { alg: 'RS256', kid: key.kid },
      accessTokenClaims(ISSUER, SUB, { scope: 'openid orders/read' }),
      'c2lnbmF0dXJl',
    )
    const result = await handler(introspectionEvent(await callerToken(), forged), lambdaContext())

    expect(prefetched).toEqual([SUB])
    expect(JSON.parse(result.body ?? '')).toEqual({ active: false })
  })

  it('checks both signatures at the same time for a caller whose claims would pass', async () => {
    const localKeys = createLocalJWKSet({ keys: [key.publicJwk] })
    let waiting = 0
    let mostWaiting = 0
    const keySet: JWTVerifyGetKey = async (header, token) => {
      waiting += 1
      mostWaiting = Math.max(mostWaiting, waiting)
      await new Promise((resolve) => setTimeout(resolve, 50))
      waiting -= 1
      return localKeys(header, token)
    }
    const { handler } = build({ withReadAhead: false, keySet })
    const result = await handler(
      introspectionEvent(await callerToken(), await userToken()),
      lambdaContext(),
    )

    expect(JSON.parse(result.body ?? '')).toMatchObject({ active: true, employee_id: 7 })
    expect(mostWaiting).toBe(2)
  })

  it.each([
    ['a caller token without the introspection scope', { scope: 'orders/read' }, 403],
    ['a caller token of another issuer', { iss: 'https://evil.example.com' }, 401],
  ])('checks one signature only for %s, and answers its error before a bad body', async (_case, overrides, status) => {
    let asked = 0
    const localKeys = createLocalJWKSet({ keys: [key.publicJwk] })
    const keySet: JWTVerifyGetKey = async (header, token) => {
      asked += 1
      return localKeys(header, token)
    }
    const { handler } = build({ withReadAhead: false, keySet })
    const event = introspectionEvent(await callerToken(overrides), await userToken())
    event.body = 'token=a&token=b'
    const result = await handler(event, lambdaContext())

    expect(result.statusCode).toBe(status)
    expect(asked).toBe(1)
  })

  it('refuses a readAhead that is not a function', () => {
    expect(() =>
      createIntrospectionHandler({
        profileService: new DefaultProfileService(inMemoryClaimsStore([])),
        configurationSource: staticConfigurationSource(configuration),
        logger: createLogger({ level: 'error', write: () => {} }),
        metrics: new Metrics({ namespace: 'claimsmith-test', dimensions: {}, write: () => {} }),
        settings: readIntrospectionSettings({ ISSUER }),
        readAhead: 'yes' as never,
      }),
    ).toThrow('readAhead must be a function')
  })
})

const UNAVAILABLE = {
  error: 'temporarily_unavailable',
  error_description: 'the service is temporarily unavailable, retry later',
}

describe('introspection bounds the key-set fetch by the invocation deadline', () => {
  it("answers 503 at the deadline margin when the introspected token's key never comes", async () => {
    const localKeys = createLocalJWKSet({ keys: [key.publicJwk] })
    // The caller's key is known; the token's kid makes the key set fetch again, which hangs.
    const keySet: JWTVerifyGetKey = (header, token) =>
      header.kid === key.kid ? localKeys(header, token) : new Promise(() => {})
    const { handler } = build({ withReadAhead: true, keySet })
    const token = await sign(otherKey, accessTokenClaims(ISSUER, SUB, { scope: 'orders/read' }))

    const started = performance.now()
    const result = await handler(
      introspectionEvent(await callerToken(), token),
      lambdaContext(1_500),
    )
    const elapsed = performance.now() - started

    expect(result.statusCode).toBe(503)
    expect(JSON.parse(result.body ?? '')).toEqual(UNAVAILABLE)
    expect(elapsed).toBeGreaterThan(900)
    expect(elapsed).toBeLessThan(1_400)
  })

  describe('over HTTP, with a JWKS server that never answers', () => {
    let table: TestTable
    let silent: Awaited<ReturnType<typeof silentEndpoint>>

    beforeAll(async () => {
      table = await dynamoDbLocal()
      silent = await silentEndpoint()
    })

    afterAll(async () => {
      await silent?.close()
      await table?.stop()
    })

    it('gives up at the deadline margin, not the Lambda timeout nor jose’s own 5 s', async () => {
      const endpoint = await serveIntrospection({
        table,
        env: {
          ISSUER,
          JWKS_URL: `${silent.endpoint}/jwks.json`,
          DEADLINE_MARGIN_MS: '500',
        },
        timeoutMs: 2_000,
      })
      try {
        const started = performance.now()
        const response = await fetch(endpoint.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await callerToken()}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token: await userToken() }),
        })
        const elapsed = performance.now() - started

        expect(response.status).toBe(503)
        expect(await response.json()).toEqual(UNAVAILABLE)
        expect(response.headers.get('cache-control')).toBe('no-store')
        expect(elapsed).toBeGreaterThan(1_400)
        expect(elapsed).toBeLessThan(1_900)
        reportFigures(
          'security',
          'introspection, JWKS never answering, 2,000 ms left, margin 500 ms',
          {
            elapsedMs: elapsed,
          },
        )
      } finally {
        await endpoint.close()
      }
    })
  })
})
