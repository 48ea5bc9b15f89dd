import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ClaimsConfigurationSource,
  DefaultProfileService,
  memoizeClaimsStore,
  type ProfileService,
} from '../../lib/core/index.js'
import {
  countDynamoDbRequests,
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { closedLoopbackPort, type JwksServer, startJwksServer } from './support/jwks-server.js'
import {
  accessTokenClaims,
  createSigningKey,
  forgeJws,
  type SigningKey,
  sign,
} from './support/tokens.js'
import { serveUserInfo, type UserInfoEndpoint } from './support/userinfo-stack.js'

const ALICE = '8f1c0a2e-0000-4000-8000-000000000001'
const BOB = '8f1c0a2e-0000-4000-8000-000000000002'
const NOBODY = '8f1c0a2e-0000-4000-8000-000000000099'

let table: TestTable
let writer: DynamoDbClaimsWriter
let key: SigningKey
let jwks: JwksServer
let issuer: string
let endpoint: UserInfoEndpoint
const endpoints: UserInfoEndpoint[] = []

/** Another endpoint on the same table and key set, with `env` on top of the issuer. */
async function serve(
  env: Record<string, string> = {},
  extra: {
    profileService?: ProfileService
    configurationSource?: ClaimsConfigurationSource
    timeoutMs?: number
  } = {},
): Promise<UserInfoEndpoint> {
  const served = await serveUserInfo({ table, env: { ISSUER: issuer, ...env }, ...extra })
  endpoints.push(served)
  return served
}

function token(overrides: Record<string, unknown> = {}, sub = ALICE): Promise<string> {
  return sign(key, accessTokenClaims(issuer, sub, overrides))
}

function bearer(value: string, init: RequestInit = {}, url = endpoint.url): Promise<Response> {
  return fetch(url, { ...init, headers: { authorization: `Bearer ${value}`, ...init.headers } })
}

/** Checks an RFC 6750 error answer and returns its body. */
async function expectOAuthError(
  response: Response,
  status: number,
  error: string,
): Promise<{ error: string; error_description: string }> {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('content-type')).toBe('application/json')
  const body = (await response.json()) as { error: string; error_description: string }
  expect(body.error).toBe(error)
  if (status >= 400 && status < 500 && status !== 405) {
    expect(response.headers.get('www-authenticate')).toContain(`error="${error}"`)
  }
  return body
}

beforeAll(async () => {
  table = await dynamoDbLocal()
  writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
  key = await createSigningKey()
  jwks = await startJwksServer([key.publicJwk])
  // Cognito's issuer shape on loopback; the key set is found at its /.well-known/jwks.json.
  issuer = new URL('/eu-west-1_Test', jwks.url).href

  await writer.putConfigurationItem({
    kind: 'identityResource',
    value: { name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] },
  })
  await writer.putUser({
    sub: ALICE,
    active: true,
    claims: [
      { type: 'name', value: 'Alice Example' },
      { type: 'given_name', value: 'Alice' },
      { type: 'email', value: 'alice@example.com' },
      { type: 'email_verified', value: 'true', valueType: 'boolean' },
      { type: 'updated_at', value: '1700000000', valueType: 'integer64' },
      { type: 'website', value: 'not a number', valueType: 'integer' },
      { type: 'tenant_id', value: '42', valueType: 'integer' },
      { type: 'tenant_role', value: 'admin' },
      { type: 'tenant_role', value: 'editor' },
      { type: 'sub', value: BOB },
      { type: 'phone_number', value: '+15555550100' },
    ],
  })
  await writer.putUser({ sub: BOB, active: true, claims: [{ type: 'name', value: 'Bob' }] })
  endpoint = await serve()
})

afterAll(async () => {
  for (const each of endpoints) await each.close()
  await jwks?.close()
  await table?.stop()
})

describe('userinfo claims per scope', () => {
  it('answers only sub when the token has only openid', async () => {
    const response = await bearer(await token({ scope: 'openid' }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: ALICE })
  })

  it('answers the profile and email claims, typed, when the token has openid profile email', async () => {
    const response = await bearer(await token({ scope: 'openid profile email' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('pragma')).toBe('no-cache')
    expect(await response.json()).toEqual({
      sub: ALICE,
      name: 'Alice Example',
      given_name: 'Alice',
      email: 'alice@example.com',
      email_verified: true,
      updated_at: 1_700_000_000,
      // Lenient userinfo serialization: a value that does not parse as its type is its string.
      website: 'not a number',
    })
  })

  it('answers the claims of a configured identity resource when its scope is in the token', async () => {
    const response = await bearer(await token({ scope: 'openid tenant' }))
    expect(await response.json()).toEqual({
      sub: ALICE,
      tenant_id: 42,
      tenant_role: ['admin', 'editor'],
    })
  })

  it('leaves out the claims of scopes the client may not use', async () => {
    await writer.putConfigurationItem({
      kind: 'client',
      value: { clientId: 'narrow-app', allowedScopes: ['openid', 'email'], claims: [] },
    })
    const response = await bearer(
      await token({ client_id: 'narrow-app', scope: 'openid email tenant phone' }),
    )
    expect(await response.json()).toEqual({
      sub: ALICE,
      email: 'alice@example.com',
      email_verified: true,
    })
  })

  it("never lets a stored claim named sub replace the token's sub", async () => {
    const response = await bearer(await token({ scope: 'openid profile email tenant phone' }))
    const body = (await response.json()) as Record<string, unknown>
    expect(body.sub).toBe(ALICE)
    expect(JSON.stringify(body)).not.toContain(BOB)
  })

  it('answers sub only for a user the store has no record of', async () => {
    const response = await bearer(await token({ scope: 'openid profile' }, NOBODY))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: NOBODY })
  })

  it('refuses with 401 invalid_token a user deactivated after the token was issued', async () => {
    const bobsToken = await token({ scope: 'openid profile' }, BOB)
    expect((await bearer(bobsToken)).status).toBe(200)
    await writer.setUserActive(BOB, false)
    const body = await expectOAuthError(await bearer(bobsToken), 401, 'invalid_token')
    expect(body.error_description).toBe('the user is not active')
  })

  it('accepts the token as access_token in a form body on POST', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams({ access_token: await token({ scope: 'openid email' }) }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ sub: ALICE, email: 'alice@example.com' })
  })

  it('accepts the token in the Authorization header on POST', async () => {
    const response = await bearer(await token({ scope: 'openid' }), { method: 'POST' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: ALICE })
  })

  it('reads the user from DynamoDB once for isActive and getProfileData together', async () => {
    const client = table.newClient()
    const requests = countDynamoDbRequests(client)
    const counted = await serve(
      {},
      {
        profileService: new DefaultProfileService(
          memoizeClaimsStore(new DynamoDbClaimsStore({ client, tableName: table.tableName })),
        ),
      },
    )
    const response = await bearer(await token({ scope: 'openid profile' }), {}, counted.url)
    expect(response.status).toBe(200)
    expect(requests.count('GetItem')).toBe(1)
  })

  it('passes the same deadline signal to isActive and getProfileData', async () => {
    const signals: Array<AbortSignal | undefined> = []
    const recording: ProfileService = {
      async isActive(_context, signal) {
        signals.push(signal)
      },
      async getProfileData(_context, signal) {
        signals.push(signal)
      },
    }
    const served = await serve({}, { profileService: recording })
    expect((await bearer(await token(), {}, served.url)).status).toBe(200)
    expect(signals).toHaveLength(2)
    expect(signals[0]).toBeInstanceOf(AbortSignal)
    expect(signals[1]).toBe(signals[0])
  })
})

describe('userinfo attacks', () => {
  const cases: Array<{
    name: string
    request: () => Promise<Response>
    status: number
    error: string
    description?: string
  }> = [
    {
      name: 'an unsigned token (alg none)',
      request: async () =>
        bearer(forgeJws({ alg: 'none', typ: 'JWT' }, accessTokenClaims(issuer, ALICE))),
      status: 401,
      error: 'invalid_token',
      description: 'the access token is not signed with RS256',
    },
    {
      name: 'an HS256 token signed with the public key as the secret',
      request: async () =>
        bearer(
          await new SignJWT(accessTokenClaims(issuer, ALICE))
            .setProtectedHeader({ alg: 'HS256', kid: key.kid })
            .sign(new TextEncoder().encode(key.publicPem)),
        ),
      status: 401,
      error: 'invalid_token',
      description: 'the access token is not signed with RS256',
    },
    {
      name: "a token signed by another key under the issuer's kid",
      request: async () => {
        const impostor = await createSigningKey(key.kid)
        return bearer(await sign(impostor, accessTokenClaims(issuer, ALICE)))
      },
      status: 401,
      error: 'invalid_token',
      description: 'the access token signature is invalid',
    },
    {
      name: 'a token from another issuer',
      request: async () => bearer(await token({ iss: 'https://evil.example.com/pool' })),
      status: 401,
      error: 'invalid_token',
      description: 'the access token was issued by another issuer',
    },
    {
      name: 'an expired token, past the clock tolerance',
      request: async () => bearer(await token({ exp: Math.floor(Date.now() / 1000) - 30 })),
      status: 401,
      error: 'invalid_token',
      description: 'the access token has expired',
    },
    {
      name: 'a token that is not yet valid',
      request: async () => bearer(await token({ nbf: Math.floor(Date.now() / 1000) + 600 })),
      status: 401,
      error: 'invalid_token',
      description: 'the access token is not yet valid',
    },
    {
      name: 'a token without exp',
      request: async () => bearer(await token({ exp: undefined })),
      status: 401,
      error: 'invalid_token',
    },
    {
      name: 'an ID token instead of an access token',
      request: async () =>
        bearer(
          await token({
            token_use: 'id',
            aud: 'web-app',
            client_id: undefined,
            scope: undefined,
            email: 'alice@example.com',
          }),
        ),
      status: 401,
      error: 'invalid_token',
      description: 'the token is not an access token',
    },
    {
      name: 'a token whose payload was changed after signing',
      request: async () => {
        const [header, , signature] = (await token()).split('.')
        const forged = forgeJws({}, accessTokenClaims(issuer, BOB)).split('.')[1]
        return bearer(`${header}.${forged}.${signature}`)
      },
      status: 401,
      error: 'invalid_token',
      description: 'the access token signature is invalid',
    },
    {
      name: 'a token without sub',
      request: async () => bearer(await token({ sub: undefined })),
      status: 401,
      error: 'invalid_token',
      description: 'the access token must carry one string sub',
    },
    {
      name: 'a token whose sub is not a string',
      request: async () => bearer(await token({ sub: [ALICE, BOB] })),
      status: 401,
      error: 'invalid_token',
      description: 'the access token must carry one string sub',
    },
    {
      name: 'a token without client_id',
      request: async () => bearer(await token({ client_id: undefined })),
      status: 401,
      error: 'invalid_token',
    },
    {
      name: 'a token whose scope is a list instead of a space-separated string',
      request: async () => bearer(await token({ scope: ['openid', 'profile'] })),
      status: 401,
      error: 'invalid_token',
      description: 'the scope of the access token is not a string',
    },
    {
      name: 'a token that is not a JWT',
      request: async () => bearer('not-a-jwt'),
      status: 401,
      error: 'invalid_token',
      description: 'the access token is not a valid JWT',
    },
    {
      name: 'a token without the openid scope',
      request: async () => bearer(await token({ scope: 'profile email' })),
      status: 403,
      error: 'insufficient_scope',
    },
    {
      name: 'a token in the query string',
      request: async () => {
        const url = new URL(endpoint.url)
        url.searchParams.set('access_token', await token())
        return fetch(url)
      },
      status: 400,
      error: 'invalid_request',
      description: 'an access token must not be sent in the query string',
    },
    {
      name: 'a token in the query string next to a valid header',
      request: async () => {
        const url = new URL(endpoint.url)
        url.searchParams.set('access_token', 'x')
        return bearer(await token(), {}, url)
      },
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'a token in the header and another in the form body',
      request: async () =>
        bearer(await token(), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ access_token: await token() }),
        }),
      status: 400,
      error: 'invalid_request',
      description: 'send one access token, in the Authorization header or the form body',
    },
    {
      name: 'two access_token parameters in the form body',
      request: async () =>
        fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `access_token=${await token()}&access_token=${await token()}`,
        }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'two bearer tokens in one Authorization header',
      request: async () =>
        fetch(endpoint.url, {
          headers: { authorization: `Bearer ${await token()}, Bearer ${await token()}` },
        }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'an Authorization header of "Bearer" and nothing else',
      request: async () => fetch(endpoint.url, { headers: { authorization: 'Bearer' } }),
      status: 400,
      error: 'invalid_request',
      description: 'the Authorization header carries no bearer token',
    },
    {
      name: 'a bearer token with extra parts',
      request: async () => bearer(`${await token()} extra`),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'a tab between scheme and token',
      request: async () =>
        fetch(endpoint.url, { headers: { authorization: `Bearer\t${await token()}` } }),
      status: 400,
      error: 'invalid_request',
    },
    {
      name: 'an oversized Authorization header, refused unparsed',
      request: async () => bearer('a'.repeat(9000)),
      status: 400,
      error: 'invalid_request',
      description: 'the Authorization header is too large',
    },
    {
      name: 'an oversized access_token in the form body',
      request: async () =>
        fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ access_token: 'a'.repeat(9000) }),
        }),
      status: 400,
      error: 'invalid_request',
    },
  ]

  it.each(cases)('refuses $name with $status $error', async (each) => {
    const body = await expectOAuthError(await each.request(), each.status, each.error)
    if (each.description !== undefined) expect(body.error_description).toBe(each.description)
  })

  it('names the scope it needs in the challenge when openid is missing', async () => {
    const response = await bearer(await token({ scope: 'profile' }))
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="userinfo", error="insufficient_scope", ' +
        'error_description="the access token lacks the openid scope", scope="openid"',
    )
  })

  it('answers a bare Bearer challenge and no error when no token is sent', async () => {
    const response = await fetch(endpoint.url)
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="userinfo"')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toBe('')
  })

  it('treats credentials of another scheme like no token', async () => {
    const response = await fetch(endpoint.url, { headers: { authorization: 'Basic YTpi' } })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="userinfo"')
  })

  it('accepts a lower-case scheme, since auth-schemes are case-insensitive', async () => {
    const response = await fetch(endpoint.url, {
      headers: { authorization: `bearer ${await token({ scope: 'openid' })}` },
    })
    expect(response.status).toBe(200)
  })

  it('accepts several spaces after the scheme, as 1*SP in RFC 6750 allows', async () => {
    const response = await fetch(endpoint.url, {
      headers: { authorization: `Bearer   ${await token({ scope: 'openid' })}` },
    })
    expect(response.status).toBe(200)
  })

  it('accepts an expired token within the clock tolerance', async () => {
    const response = await bearer(await token({ exp: Math.floor(Date.now() / 1000) - 2 }))
    expect(response.status).toBe(200)
  })

  it('refuses a client that is not allow-listed and serves one that is', async () => {
    const allowList = await serve({ USERINFO_ALLOWED_CLIENT_IDS: 'web-app, mobile-app' })
    const refused = await bearer(await token({ client_id: 'other-app' }), {}, allowList.url)
    const body = await expectOAuthError(refused, 401, 'invalid_token')
    expect(body.error_description).toBe(
      'the access token was issued to a client this endpoint does not serve',
    )
    expect((await bearer(await token({ client_id: 'mobile-app' }), {}, allowList.url)).status).toBe(
      200,
    )
  })
})

describe('userinfo methods', () => {
  it.each([
    'PUT',
    'DELETE',
    'PATCH',
    'OPTIONS',
  ])('answers %s with 405 and Allow: GET, POST', async (method) => {
    const response = await bearer(await token(), { method })
    await expectOAuthError(response, 405, 'invalid_request')
    expect(response.headers.get('allow')).toBe('GET, POST')
  })
})

describe('userinfo CORS', () => {
  const APP = 'https://app.example.com'

  it('sends no CORS headers when no origin is configured', async () => {
    const response = await bearer(await token(), { headers: { origin: APP } })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('allows a configured origin on answers, errors and preflights', async () => {
    const cors = await serve({ USERINFO_CORS_ORIGINS: `${APP} https://admin.example.com` })
    const ok = await bearer(await token(), { headers: { origin: APP } }, cors.url)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP)
    expect(ok.headers.get('vary')).toContain('Origin')

    const refused = await fetch(cors.url, { headers: { origin: APP } })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP)
    expect(refused.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate')

    const preflight = await fetch(cors.url, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP)
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST')
  })

  it('does not allow an origin that is not configured', async () => {
    const cors = await serve({ USERINFO_CORS_ORIGINS: APP })
    const response = await bearer(
      await token(),
      { headers: { origin: 'https://evil.example.com' } },
      cors.url,
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('userinfo dependency failures', () => {
  const INTERNALS = /127\.0\.0\.1|10\.0\.0\.7|ECONNREFUSED|fetch|claims-|DynamoDB|stack/i

  it('answers 503 temporarily_unavailable, without internals, when the JWKS is unreachable', async () => {
    const down = await serve({
      JWKS_URL: `http://127.0.0.1:${await closedLoopbackPort()}/.well-known/jwks.json`,
    })
    const response = await bearer(await token(), {}, down.url)
    const body = await expectOAuthError(response, 503, 'temporarily_unavailable')
    expect(JSON.stringify(body)).not.toMatch(INTERNALS)
    expect(response.headers.get('www-authenticate')).toBeNull()
    expect(down.logs.find((log) => log.message === 'userinfo request failed')).toMatchObject({
      level: 'ERROR',
      status: 503,
      cause: { name: 'TypeError', message: 'fetch failed' },
    })
  })

  // Recovery once the remembered failure has expired is covered, with its
  // 5 s wait, in key-set-failures.test.ts.
  it('answers 503 when the JWKS answers with an error, and keeps the failure without asking again', async () => {
    const failing = await startJwksServer([key.publicJwk])
    try {
      failing.fail(500)
      const served = await serve({ JWKS_URL: new URL('/jwks', failing.url).href })
      const body = await expectOAuthError(
        await bearer(await token(), {}, served.url),
        503,
        'temporarily_unavailable',
      )
      expect(JSON.stringify(body)).not.toMatch(INTERNALS)
      const fetches = failing.requests
      failing.recover()
      await expectOAuthError(
        await bearer(await token(), {}, served.url),
        503,
        'temporarily_unavailable',
      )
      expect(failing.requests).toBe(fetches)
    } finally {
      await failing.close()
    }
  })

  it('answers 503, without internals, when the claims store is unreachable', async () => {
    const unreachable = table.newClient({
      endpoint: `http://127.0.0.1:${await closedLoopbackPort()}`,
    })
    const served = await serve(
      {},
      {
        profileService: new DefaultProfileService(
          new DynamoDbClaimsStore({ client: unreachable, tableName: table.tableName }),
        ),
      },
    )
    const response = await bearer(await token(), {}, served.url)
    const body = await expectOAuthError(response, 503, 'temporarily_unavailable')
    expect(body.error_description).toBe('the service is temporarily unavailable, retry later')
    expect(JSON.stringify(body)).not.toMatch(INTERNALS)
    expect(served.logs.some((log) => log.code === 'OAUTH_TEMPORARILY_UNAVAILABLE')).toBe(true)
  })

  it.each([
    [
      'heeds the signal',
      (_context: unknown, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason))
        }),
    ],
    ['ignores the signal', () => new Promise<void>(() => {})],
  ])('answers 503 when the profile service outlives the deadline and %s', async (_, isActive) => {
    const slow: ProfileService = { isActive, getProfileData: async () => {} }
    const served = await serve(
      { DEADLINE_MARGIN_MS: '200' },
      { profileService: slow, timeoutMs: 600 },
    )
    const started = Date.now()
    const response = await bearer(await token(), {}, served.url)
    await expectOAuthError(response, 503, 'temporarily_unavailable')
    expect(Date.now() - started).toBeLessThan(2_000)
    // Abandoned at the deadline signal, before middy's own timeout would have fired.
    expect(served.logs.find((log) => log.message === 'userinfo request failed')).toMatchObject({
      description: 'the deadline passed before the claims were loaded',
      cause: { name: 'TimeoutError' },
    })
  })

  it('answers 500 server_error, without the message, when a profile service throws', async () => {
    const broken: ProfileService = {
      isActive: async () => {},
      getProfileData: async () => {
        throw new Error('secret table claims-prod in 123456789012')
      },
    }
    const served = await serve({}, { profileService: broken })
    const response = await bearer(await token(), {}, served.url)
    const body = await expectOAuthError(response, 500, 'server_error')
    expect(body.error_description).toBe('the server met an unexpected condition')
    expect(JSON.stringify(body)).not.toContain('secret')
    expect(JSON.stringify(served.logs)).toContain('secret table claims-prod')
  })

  it('answers 503 when the configuration cannot be loaded', async () => {
    const throttled = async (): Promise<never> => {
      throw Object.assign(new Error('throttled'), { name: 'TimeoutError' })
    }
    const failing: ClaimsConfigurationSource = { loadResources: throttled, findClient: throttled }
    const served = await serve({}, { configurationSource: failing })
    await expectOAuthError(
      await bearer(await token(), {}, served.url),
      503,
      'temporarily_unavailable',
    )
  })

  it('counts refusals and answers in one metrics line per request', async () => {
    const served = await serve()
    await bearer(await token(), {}, served.url)
    await fetch(served.url)
    expect(served.metricLines).toHaveLength(2)
    expect(served.metricLines[0]).toMatchObject({ UserInfoServed: 1 })
    expect(served.metricLines[1]).toMatchObject({ UserInfoRefused: 1 })
  })
})
