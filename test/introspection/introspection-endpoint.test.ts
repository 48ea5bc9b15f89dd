import { SignJWT } from 'jose'
import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type JwksServer, startJwksServer } from '../userinfo/support/jwks-server.js'
import {
  accessTokenClaims,
  createSigningKey,
  forgeJws,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'
import { type IntrospectionEndpoint, serveIntrospection } from './support/introspection-stack.js'

const ALICE = '8f1c0a2e-0000-4000-8000-000000000001'
const BOB = '8f1c0a2e-0000-4000-8000-000000000002'
const CAROL = '8f1c0a2e-0000-4000-8000-000000000003'
const CALLER = 'orders-api'

let table: TestTable
let writer: DynamoDbClaimsWriter
let key: SigningKey
let jwks: JwksServer
let issuer: string
let endpoint: IntrospectionEndpoint
const endpoints: IntrospectionEndpoint[] = []

async function serve(env: Record<string, string> = {}): Promise<IntrospectionEndpoint> {
  const served = await serveIntrospection({ table, env: { ISSUER: issuer, ...env } })
  endpoints.push(served)
  return served
}

/** A user's access token for the web app. */
function userToken(overrides: Record<string, unknown> = {}, sub = ALICE): Promise<string> {
  return sign(
    key,
    accessTokenClaims(issuer, sub, { scope: 'openid orders/read billing/read', ...overrides }),
  )
}

/** The resource server's own client-credentials token: Cognito makes its sub the client id. */
function callerToken(overrides: Record<string, unknown> = {}): Promise<string> {
  return sign(
    key,
    accessTokenClaims(issuer, CALLER, {
      client_id: CALLER,
      username: undefined,
      scope: 'claimsmith/introspect orders/read',
      ...overrides,
    }),
  )
}

async function introspect(
  token: string,
  caller?: string,
  url = endpoint.url,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${caller ?? (await callerToken())}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  })
  const body = (await response.json()) as Record<string, unknown>
  return { status: response.status, headers: response.headers, body }
}

beforeAll(async () => {
  table = await dynamoDbLocal()
  writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
  key = await createSigningKey()
  jwks = await startJwksServer([key.publicJwk])
  issuer = new URL('/eu-west-1_Introspect', jwks.url).href
  await writer.putConfigurationItem({
    kind: 'apiResource',
    value: {
      name: 'orders',
      scopes: ['orders/read', 'orders/write'],
      // `active` and `token_type` are claim types a store may hold; they never replace RFC 7662's members.
      userClaims: ['employee_id', 'active', 'token_type', 'sub'],
    },
  })
  await writer.putConfigurationItem({
    kind: 'apiResource',
    value: { name: 'billing', scopes: ['billing/read'], userClaims: ['cost_center'] },
  })
  await writer.putUser({
    sub: ALICE,
    active: true,
    claims: [
      { type: 'employee_id', value: '7', valueType: 'integer' },
      { type: 'cost_center', value: 'CC-1' },
      { type: 'active', value: 'no' },
      { type: 'token_type', value: 'mac' },
      { type: 'email', value: 'alice@example.com' },
    ],
  })
  await writer.putUser({ sub: BOB, active: true, claims: [] })
  await writer.putUser({ sub: CAROL, active: true, claims: [] })
  endpoint = await serve()
})

afterAll(async () => {
  for (const each of endpoints) await each.close()
  await jwks?.close()
  await table?.stop()
})

describe('introspection with openid-client as the resource server', () => {
  let config: oidc.Configuration
  let bearerOfCaller: string

  beforeAll(async () => {
    bearerOfCaller = await callerToken()
    // The caller authenticates with its own access token, not a client secret.
    const bearerAuth: oidc.ClientAuth = (_as, _client, _body, headers) => {
      headers.set('authorization', `Bearer ${bearerOfCaller}`)
    }
    config = new oidc.Configuration(
      { issuer, introspection_endpoint: endpoint.url.href },
      CALLER,
      undefined,
      bearerAuth,
    )
    // Plain http on loopback only: a test server has no certificate the process trusts.
    oidc.allowInsecureRequests(config)
  })

  it("answers an active token with RFC 7662's members and the claims of the resources both tokens name", async () => {
    const claims = accessTokenClaims(issuer, ALICE, { scope: 'openid orders/read billing/read' })
    const answer = await oidc.tokenIntrospection(config, await sign(key, claims), {
      token_type_hint: 'access_token',
    })
    expect({ ...answer }).toEqual({
      active: true,
      scope: 'openid orders/read billing/read',
      client_id: 'web-app',
      username: 'alice',
      token_type: 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: ALICE,
      iss: issuer,
      jti: claims.jti,
      // Typed, fresh from the store; cost_center is billing's, which the caller's scopes do not name.
      employee_id: 7,
    })
  })

  it('answers active: false and nothing else for a token issued by no one', async () => {
    const answer = await oidc.tokenIntrospection(config, 'not-a-token')
    expect({ ...answer }).toEqual({ active: false })
  })

  it('sends nbf when the token has it', async () => {
    const nbf = Math.floor(Date.now() / 1000) - 5
    const answer = await oidc.tokenIntrospection(config, await userToken({ nbf }))
    expect(answer.nbf).toBe(nbf)
  })
})

describe('the answer', () => {
  it('is never cached', async () => {
    const { status, headers } = await introspect(await userToken())
    expect(status).toBe(200)
    expect(headers.get('cache-control')).toBe('no-store')
    expect(headers.get('content-type')).toBe('application/json')
  })

  it('reads the claims from the store at each request', async () => {
    await writer.setUserClaim(BOB, 'employee_id', [{ value: '1', valueType: 'integer' }])
    const token = await userToken({}, BOB)
    expect((await introspect(token)).body.employee_id).toBe(1)
    await writer.setUserClaim(BOB, 'employee_id', [{ value: '2', valueType: 'integer' }])
    expect((await introspect(token)).body.employee_id).toBe(2)
  })

  it('is active: false for a user deactivated after the token was issued', async () => {
    const token = await userToken({}, CAROL)
    expect((await introspect(token)).body.active).toBe(true)
    await writer.setUserActive(CAROL, false)
    expect((await introspect(token)).body).toEqual({ active: false })
  })

  it('is active: false for a token issued at or before the user signed out, active for a later one', async () => {
    const before = await userToken({}, BOB)
    const { tokensValidAfter } = await writer.signOutUser(BOB)
    expect((await introspect(before)).body).toEqual({ active: false })
    const later = await userToken({ iat: tokensValidAfter + 1 }, BOB)
    expect((await introspect(later)).body.active).toBe(true)
  })

  it('is active: false to a caller whose scopes share no API resource with the token (RFC 7662 section 4)', async () => {
    const billingOnly = await userToken({ scope: 'openid billing/read' })
    expect((await introspect(billingOnly)).body).toEqual({ active: false })
    const billingCaller = await callerToken({ scope: 'claimsmith/introspect billing/read' })
    expect((await introspect(billingOnly, billingCaller)).body).toMatchObject({
      active: true,
      cost_center: 'CC-1',
    })
  })

  it('is active: false to a caller whose scopes name no API resource at all', async () => {
    const bare = await callerToken({ scope: 'claimsmith/introspect' })
    expect((await introspect(await userToken(), bare)).body).toEqual({ active: false })
  })

  it('answers a client-credentials token with its client, without asking about a user', async () => {
    const m2m = await sign(
      key,
      accessTokenClaims(issuer, 'batch-job', {
        client_id: 'batch-job',
        username: undefined,
        scope: 'orders/write',
      }),
    )
    expect((await introspect(m2m)).body).toMatchObject({
      active: true,
      client_id: 'batch-job',
      sub: 'batch-job',
    })
  })
})

describe('any bad token is active: false, never an error', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    [
      'an unsigned token (alg none)',
      async () => forgeJws({ alg: 'none', typ: 'JWT' }, accessTokenClaims(issuer, ALICE)),
    ],
    [
      'an HS256 token signed with the public key as the secret',
      async () =>
        new SignJWT(accessTokenClaims(issuer, ALICE))
          .setProtectedHeader({ alg: 'HS256', kid: key.kid })
          .sign(new TextEncoder().encode(key.publicPem)),
    ],
    [
      "a token signed by another key under the issuer's kid",
      async () => sign(await createSigningKey(key.kid), accessTokenClaims(issuer, ALICE)),
    ],
    [
      'a token signed by a key the issuer never published',
      async () => sign(await createSigningKey(), accessTokenClaims(issuer, ALICE)),
    ],
    ['a token from another issuer', () => userToken({ iss: 'https://evil.example.com/pool' })],
    ['an expired token', () => userToken({ exp: Math.floor(Date.now() / 1000) - 30 })],
    [
      'a token that is not yet valid',
      () => userToken({ nbf: Math.floor(Date.now() / 1000) + 600 }),
    ],
    [
      'an ID token',
      () => userToken({ token_use: 'id', aud: 'web-app', client_id: undefined, scope: undefined }),
    ],
    ['an oversized token', async () => `${await userToken()}${'A'.repeat(9000)}`],
    ['an empty token', async () => ''],
    ['garbage', async () => '....'],
  ]

  it.each(cases)('%s', async (_name, make) => {
    const { status, headers, body } = await introspect(await make())
    expect(status).toBe(200)
    expect(headers.get('cache-control')).toBe('no-store')
    expect(body).toEqual({ active: false })
  })
})

describe('the caller', () => {
  it.each([
    ['an ID token', () => callerToken({ token_use: 'id', aud: CALLER, client_id: undefined })],
    ['an expired token', () => callerToken({ exp: Math.floor(Date.now() / 1000) - 30 })],
    ['a token from another issuer', () => callerToken({ iss: 'https://evil.example.com/pool' })],
    [
      'an unsigned token',
      async () =>
        forgeJws({ alg: 'none' }, accessTokenClaims(issuer, CALLER, { client_id: CALLER })),
    ],
  ])('with %s gets 401 invalid_token and a Bearer challenge', async (_name, make) => {
    const { status, headers, body } = await introspect(await userToken(), await make())
    expect(status).toBe(401)
    expect(headers.get('www-authenticate')).toMatch(
      /^Bearer realm="introspection", error="invalid_token"/,
    )
    expect(body.error).toBe('invalid_token')
  })

  it('without a token gets 401 with a bare Bearer challenge', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await userToken() }),
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="introspection"')
  })

  it('with a client secret (Basic) instead of a token gets 401', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${CALLER}:secret`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: await userToken() }),
    })
    expect(response.status).toBe(401)
  })

  it('without the introspection scope gets 403 insufficient_scope naming it', async () => {
    const { status, headers, body } = await introspect(
      await userToken(),
      await callerToken({ scope: 'orders/read' }),
    )
    expect(status).toBe(403)
    expect(body.error).toBe('insufficient_scope')
    expect(headers.get('www-authenticate')).toContain('scope="claimsmith/introspect"')
  })

  it('needs the scope INTROSPECTION_SCOPE names', async () => {
    const custom = await serve({ INTROSPECTION_SCOPE: 'orders/introspect' })
    const caller = await callerToken({ scope: 'orders/introspect orders/read' })
    expect((await introspect(await userToken(), caller, custom.url)).body.active).toBe(true)
    expect((await introspect(await userToken(), undefined, custom.url)).status).toBe(403)
  })

  it('must be one of INTROSPECTION_ALLOWED_CLIENT_IDS when it is set', async () => {
    const narrowed = await serve({ INTROSPECTION_ALLOWED_CLIENT_IDS: 'billing-api' })
    const { status, body } = await introspect(await userToken(), undefined, narrowed.url)
    expect(status).toBe(401)
    expect(body.error).toBe('invalid_token')
    const allowed = await callerToken({ client_id: 'billing-api', sub: 'billing-api' })
    expect((await introspect(await userToken(), allowed, narrowed.url)).status).toBe(200)
  })
})

describe('the request', () => {
  it.each(['GET', 'PUT', 'DELETE'])('%s gets 405 with Allow: POST', async (method) => {
    const response = await fetch(endpoint.url, {
      method,
      headers: { authorization: `Bearer ${await callerToken()}` },
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('without a token parameter is 400 invalid_request', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await callerToken()}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'token_type_hint=access_token',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('as JSON rather than a form is 400 invalid_request', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await callerToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ token: await userToken() }),
    })
    expect(response.status).toBe(400)
  })

  it('logs and counts each answer without the token', async () => {
    const token = await userToken()
    await introspect(token)
    const logged = JSON.stringify(endpoint.logs)
    expect(logged).toContain('token introspected')
    expect(logged).not.toContain(token)
    expect(JSON.stringify(endpoint.metricLines)).toContain('IntrospectionActive')
  })
})
