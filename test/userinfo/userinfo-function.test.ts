import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { SettingsError } from '../../lib/settings/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { httpApiEvent, lambdaContext } from './support/events.js'
import { type JwksServer, startJwksServer } from './support/jwks-server.js'
import { accessTokenClaims, createSigningKey, type SigningKey, sign } from './support/tokens.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'

let table: TestTable
let key: SigningKey
let jwks: JwksServer
let issuer: string

/** Imports functions/userinfo.ts afresh, as a cold start with `env` would, with stdout captured. */
async function coldStart(env: Record<string, string>) {
  vi.resetModules()
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
  const lines: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk))
    return true
  })
  const module = await import('../../functions/userinfo.js')
  return { handler: module.handler, lines }
}

beforeAll(async () => {
  table = await dynamoDbLocal()
  await new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }).putUser({
    sub: SUB,
    active: true,
    claims: [{ type: 'email', value: 'alice@example.com' }],
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

describe('functions/userinfo', () => {
  it('builds everything from the environment and serves the claims from DynamoDB', async () => {
    const { handler, lines } = await coldStart({
      CLAIMS_TABLE: table.tableName,
      ISSUER: issuer,
      AWS_REGION: LOCAL_REGION,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    })
    const token = await sign(key, accessTokenClaims(issuer, SUB, { scope: 'openid email' }))
    const result = await handler(
      httpApiEvent({ headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    )
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body ?? '')).toEqual({ sub: SUB, email: 'alice@example.com' })
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries).toContainEqual(
      expect.objectContaining({ message: 'userinfo served', service: 'userinfo' }),
    )
    expect(entries).toContainEqual(expect.objectContaining({ UserInfoServed: 1 }))
    expect(lines.join('\n')).not.toContain('alice@example.com')
  })

  it('fails the cold start naming the variable when a setting is wrong', async () => {
    await expect(
      coldStart({
        CLAIMS_TABLE: table.tableName,
        ISSUER: issuer,
        USERINFO_CLOCK_TOLERANCE_SECONDS: 'soon',
      }),
    ).rejects.toThrow(
      new SettingsError('USERINFO_CLOCK_TOLERANCE_SECONDS', 'must be a whole number, got "soon"'),
    )
  })
})
