import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTriggers, seedClaimsTable, WEB_CLIENT } from '../cognito/support/claims-table.js'
import { loadEvent } from '../cognito/support/events.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type JwksServer, startJwksServer } from '../userinfo/support/jwks-server.js'
import { accessTokenClaims, createSigningKey, sign } from '../userinfo/support/tokens.js'
import { serveUserInfo } from '../userinfo/support/userinfo-stack.js'
import { reportFigures } from './support/trigger-harness.js'

/** Over DynamoDB's 2,048-byte limit for a partition key: a ValidationException. */
const OVERLONG_SUB = 'x'.repeat(3_000)

let table: TestTable

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedClaimsTable(table)
})

afterAll(async () => {
  await table?.stop()
})

const CASES = [
  {
    name: 'an over-long key (ValidationException)',
    cause: 'ValidationException',
    sub: OVERLONG_SUB,
    table: () => table,
  },
  {
    name: 'a missing table (ResourceNotFoundException)',
    cause: 'ResourceNotFoundException',
    sub: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    table: () => ({ ...table, tableName: 'no-such-claims-table' }),
  },
] as const

function tokenEvent(sub: string) {
  const event = loadEvent('pre-token-generation-v2-authentication')
  event.request.userAttributes.sub = sub
  return event
}

function preAuthenticationEvent(sub: string) {
  const event = loadEvent('pre-authentication')
  event.request.userAttributes.sub = sub
  return event
}

describe.each(CASES)('a permanent store error: $name', ({ cause, sub, table: on }) => {
  it.each([
    'fail',
    'omit',
  ] as const)('fails the token closed under ON_STORE_ERROR=%s, counted and logged with its cause', async (onStoreError) => {
    const triggers = buildTriggers(on(), { settings: { onStoreError } })
    const started = performance.now()
    const error = await triggers.preTokenGeneration(tokenEvent(sub), fakeContext()).then(
      () => undefined,
      (e: unknown) => e,
    )
    const elapsed = performance.now() - started
    expect(error).toMatchObject({
      code: 'STORE_REQUEST_REJECTED',
      message: 'claims could not be issued',
    })
    expect((error as Error).message).not.toContain(cause)
    const totals = triggers.metrics.totals()
    expect(totals.StoreRequestsRejected).toBe(1)
    expect(totals.TokensUnenriched).toBeUndefined()
    const failed = triggers.log.entries.find((entry) => entry.message === 'trigger failed')
    expect(JSON.stringify(failed)).toContain(cause)
    reportFigures('reliability', `permanent store error, token, ${onStoreError}`, {
      cause,
      outcome: 'refused',
      elapsedMs: elapsed,
    })
  })

  it.each([
    'fail',
    'omit',
  ] as const)('refuses the sign-in in pre-authentication under ON_STORE_ERROR=%s', async (onStoreError) => {
    const triggers = buildTriggers(on(), { settings: { onStoreError } })
    const error = await triggers.preAuthentication(preAuthenticationEvent(sub), fakeContext()).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'STORE_REQUEST_REJECTED' })
    expect(triggers.metrics.totals().StoreRequestsRejected).toBe(1)
    expect(triggers.metrics.totals().ActiveChecksSkipped).toBeUndefined()
  })
})

describe('a permanent store error at userinfo', () => {
  let jwks: JwksServer

  afterAll(async () => {
    await jwks?.close()
  })

  it('answers 500 server_error, not 503, counted, with the cause in the log only', async () => {
    const key = await createSigningKey()
    jwks = await startJwksServer([key.publicJwk])
    const issuer = new URL('/eu-west-1_Test', jwks.url).href
    const endpoint = await serveUserInfo({ table, env: { ISSUER: issuer } })
    try {
      const token = await sign(
        key,
        accessTokenClaims(issuer, OVERLONG_SUB, { client_id: WEB_CLIENT }),
      )
      const response = await fetch(endpoint.url, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(500)
      const body = await response.text()
      expect(body).toContain('server_error')
      expect(body).not.toContain('ValidationException')
      expect(JSON.stringify(endpoint.logs)).toContain('ValidationException')
      expect(JSON.stringify(endpoint.metricLines)).toContain('StoreRequestsRejected')
    } finally {
      await endpoint.close()
    }
  })
})
