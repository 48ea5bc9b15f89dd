import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentEndpoint } from '../cognito/support/claims-table.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { closedLoopbackPort, type JwksServer, startJwksServer } from './support/jwks-server.js'
import { accessTokenClaims, createSigningKey, type SigningKey, sign } from './support/tokens.js'
import { serveUserInfo, type UserInfoEndpoint } from './support/userinfo-stack.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'

let table: TestTable
let key: SigningKey
let jwks: JwksServer
let issuer: string
const endpoints: UserInfoEndpoint[] = []

beforeAll(async () => {
  table = await dynamoDbLocal()
  key = await createSigningKey()
  jwks = await startJwksServer([key.publicJwk])
  issuer = new URL('/eu-west-1_Test', jwks.url).href
})

afterAll(async () => {
  for (const each of endpoints) await each.close()
  await jwks?.close()
  await table?.stop()
})

async function serve(env: Record<string, string> = {}, timeoutMs?: number) {
  const endpoint = await serveUserInfo({
    table,
    env: { ISSUER: issuer, ...env },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  })
  endpoints.push(endpoint)
  return endpoint
}

async function ask(endpoint: UserInfoEndpoint): Promise<{ status: number; body: unknown }> {
  const token = await sign(key, accessTokenClaims(issuer, SUB))
  const response = await fetch(endpoint.url, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, body: await response.json() }
}

const UNAVAILABLE = {
  error: 'temporarily_unavailable',
  error_description: 'the service is temporarily unavailable, retry later',
}

describe('a key set that cannot be fetched', () => {
  it('is fetched once for 20 requests while its failure is remembered, then again once it recovers', async () => {
    const endpoint = await serve()
    jwks.fail(500)
    const before = jwks.requests
    const answers = []
    for (let index = 0; index < 20; index++) answers.push(await ask(endpoint))
    expect(answers.every((answer) => answer.status === 503)).toBe(true)
    expect(answers[0]?.body).toEqual(UNAVAILABLE)
    const duringFailure = jwks.requests - before
    expect(duringFailure).toBe(1)

    jwks.recover()
    await new Promise((resolve) => setTimeout(resolve, 5_100))
    expect((await ask(endpoint)).status).toBe(200)
    expect(jwks.requests - before).toBe(2)
    reportFigures('security', 'JWKS answering 500', {
      requests: 20,
      jwksFetches: duringFailure,
      fetchesAfterRecovery: jwks.requests - before - duringFailure,
    })
  }, 20_000)

  it('is fetched once for 10 concurrent requests while it fails', async () => {
    const endpoint = await serve()
    jwks.fail(500)
    const before = jwks.requests
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => ask(endpoint)))
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(503))
      expect(jwks.requests - before).toBe(1)
    } finally {
      jwks.recover()
    }
  })

  it('answers 503 for an unreachable key set, without a fetch per request', async () => {
    const port = await closedLoopbackPort()
    const endpoint = await serve({ JWKS_URL: `http://127.0.0.1:${port}/jwks.json` })
    for (let index = 0; index < 5; index++) {
      expect(await ask(endpoint)).toEqual({ status: 503, body: UNAVAILABLE })
    }
    const causes = endpoint.logs.map((entry) => JSON.stringify(entry))
    expect(causes.filter((line) => line.includes('could not be loaded recently'))).toHaveLength(4)
  })

  it('gives up on a key set that never answers at the deadline margin, not the Lambda timeout', async () => {
    const silent = await silentEndpoint()
    try {
      const endpoint = await serve(
        { JWKS_URL: `${silent.endpoint}/jwks.json`, DEADLINE_MARGIN_MS: '500' },
        2_000,
      )
      const started = performance.now()
      const answer = await ask(endpoint)
      const elapsed = performance.now() - started
      expect(answer).toEqual({ status: 503, body: UNAVAILABLE })
      expect(elapsed).toBeGreaterThan(1_400)
      expect(elapsed).toBeLessThan(1_900)
      reportFigures('security', 'JWKS never answering, 2,000 ms left, margin 500 ms', {
        elapsedMs: elapsed,
      })
    } finally {
      await silent.close()
    }
  })
})
