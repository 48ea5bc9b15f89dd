import * as oidc from 'openid-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type JwksServer, startJwksServer } from './support/jwks-server.js'
import { accessTokenClaims, createSigningKey, type SigningKey, sign } from './support/tokens.js'
import { serveUserInfo, type UserInfoEndpoint } from './support/userinfo-stack.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'
const CLIENT_ID = 'web-app'

/**
 * panva's openid-client v6 as the relying party. Its Configuration is built
 * from metadata rather than discovery (the issuer here is a loopback stand-in
 * for Cognito). openid-client refuses plain-http endpoints unless told
 * otherwise; `allowInsecureRequests` is for this loopback server only, which
 * cannot have a certificate a test could trust without changing the process's
 * TLS settings.
 */
describe('userinfo with openid-client as the relying party', () => {
  let table: TestTable
  let key: SigningKey
  let jwks: JwksServer
  let endpoint: UserInfoEndpoint
  let issuer: string
  let config: oidc.Configuration

  beforeAll(async () => {
    table = await dynamoDbLocal()
    const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
    await writer.putUser({
      sub: SUB,
      active: true,
      claims: [
        { type: 'email', value: 'alice@example.com' },
        { type: 'email_verified', value: 'TRUE', valueType: 'boolean' },
        { type: 'name', value: 'Alice Example' },
      ],
    })
    key = await createSigningKey()
    jwks = await startJwksServer([key.publicJwk])
    issuer = new URL('/eu-west-1_RelyingParty', jwks.url).href
    endpoint = await serveUserInfo({ table, env: { ISSUER: issuer } })
    config = new oidc.Configuration({ issuer, userinfo_endpoint: endpoint.url.href }, CLIENT_ID)
    oidc.allowInsecureRequests(config)
  })

  afterAll(async () => {
    await endpoint?.close()
    await jwks?.close()
    await table?.stop()
  })

  const accessToken = (overrides: Record<string, unknown> = {}) =>
    sign(key, accessTokenClaims(issuer, SUB, { client_id: CLIENT_ID, ...overrides }))

  it('gets the claims of the token scopes when sub is the expected one', async () => {
    const userInfo = await oidc.fetchUserInfo(config, await accessToken(), SUB)
    expect(userInfo).toEqual({
      sub: SUB,
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice Example',
    })
  })

  it('rejects the answer when sub is not the one the relying party expects', async () => {
    await expect(
      oidc.fetchUserInfo(config, await accessToken(), 'someone-else'),
    ).rejects.toMatchObject({ code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' })
  })

  it('reads the Bearer challenge of a refused token', async () => {
    const expired = await accessToken({ exp: Math.floor(Date.now() / 1000) - 3600 })
    const error = await oidc.fetchUserInfo(config, expired, SUB).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(oidc.WWWAuthenticateChallengeError)
    const challenge = (error as oidc.WWWAuthenticateChallengeError).cause[0]
    expect(challenge).toMatchObject({
      scheme: 'bearer',
      parameters: {
        realm: 'userinfo',
        error: 'invalid_token',
        error_description: 'the access token has expired',
      },
    })
  })
})
