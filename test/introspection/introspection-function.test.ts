import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { httpApiEvent, lambdaContext } from '../userinfo/support/events.js'
import { type JwksServer, startJwksServer } from '../userinfo/support/jwks-server.js'
import {
  accessTokenClaims,
  createSigningKey,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'

let table: TestTable
let key: SigningKey
let jwks: JwksServer
let issuer: string

/** Imports functions/introspection.ts afresh, as a cold start with `env` would. */
async function coldStart(env: Record<string, string>) {
  vi.resetModules()
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  return (await import('../../functions/introspection.js')).handler
}

beforeAll(async () => {
  table = await dynamoDbLocal()
  const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
  await writer.putConfigurationItem({
    kind: 'apiResource',
    value: { name: 'orders', scopes: ['orders/read'], userClaims: ['employee_id'] },
  })
  await writer.putUser({
    sub: SUB,
    active: true,
    claims: [{ type: 'employee_id', value: '7', valueType: 'integer' }],
  })
  key = await createSigningKey()
  jwks = await startJwksServer([key.publicJwk])
  issuer = new URL('/eu-west-1_Function', jwks.url).href
})

afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

afterAll(async () => {
  await jwks?.close()
  await table?.stop()
})

describe('functions/introspection', () => {
  it('builds everything from the environment and answers with the claims from DynamoDB', async () => {
    const handler = await coldStart({
      CLAIMS_TABLE: table.tableName,
      ISSUER: issuer,
      AWS_REGION: LOCAL_REGION,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    })
    const caller = await sign(
      key,
      accessTokenClaims(issuer, 'orders-api', {
        client_id: 'orders-api',
        scope: 'claimsmith/introspect orders/read',
      }),
    )
    const token = await sign(key, accessTokenClaims(issuer, SUB, { scope: 'orders/read' }))
    const event = httpApiEvent({
      method: 'POST',
      headers: {
        authorization: `Bearer ${caller}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }).toString(),
    })
    const response = await handler(event, lambdaContext())
    expect(response.statusCode).toBe(200)
    expect(JSON.parse(response.body ?? '')).toMatchObject({
      active: true,
      sub: SUB,
      employee_id: 7,
    })
  })

  it('fails its cold start on a scope that is not one OAuth scope', async () => {
    await expect(
      coldStart({ CLAIMS_TABLE: 'claims', ISSUER: issuer, INTROSPECTION_SCOPE: 'a b' }),
    ).rejects.toMatchObject({
      name: 'SettingsError',
      message: expect.stringMatching(/INTROSPECTION_SCOPE/),
    })
  })
})
