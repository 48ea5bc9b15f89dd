import { type AttributeValue, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/core/index.js'
import { MAX_JSON_DEPTH } from '../../lib/core/index.js'
import { buildTriggers, seedClaimsTable, WEB_CLIENT } from '../cognito/support/claims-table.js'
import { loadEvent } from '../cognito/support/events.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type JwksServer, startJwksServer } from '../userinfo/support/jwks-server.js'
import {
  accessTokenClaims,
  createSigningKey,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'
import { serveUserInfo, type UserInfoEndpoint } from '../userinfo/support/userinfo-stack.js'

const BROKEN = 'hostile-0000-4000-8000-000000000001'
const DEEP = 'hostile-0000-4000-8000-000000000002'
const DEPTH = 5_000

const S = (value: string): AttributeValue => ({ S: value })

function rawUser(sub: string, claims: AttributeValue[]): Record<string, AttributeValue> {
  return {
    pk: S(`USER#${sub}`),
    sk: S('PROFILE'),
    kind: S('user'),
    schemaVersion: { N: '1' },
    version: { N: '1' },
    sub: S(sub),
    active: { BOOL: true },
    claims: { L: claims },
  }
}

let table: TestTable
let key: SigningKey
let jwks: JwksServer
let issuer: string
let userinfo: UserInfoEndpoint

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedClaimsTable(table)
  const put = (item: Record<string, AttributeValue>) =>
    table.client.send(new PutItemCommand({ TableName: table.tableName, Item: item }))
  // Stored claims whose DynamoDB attributes have the wrong type: a number, a
  // list and a string set where a string belongs.
  await put(
    rawUser(BROKEN, [
      { M: { type: S('department'), value: { N: '7' } } },
      { M: { type: S('custom:plan'), value: { L: [S('basic')] } } },
      { M: { type: S('tenant_role'), value: { SS: ['admin'] } } },
      { M: { type: S('tenant_id'), value: S('42'), valueType: S('integer') } },
    ]),
  )
  await put(
    rawUser(DEEP, [
      {
        M: {
          type: S('tenant_settings'),
          value: S(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
          valueType: S('json'),
        },
      },
      { M: { type: S('tenant_id'), value: S('42'), valueType: S('integer') } },
    ]),
  )
  key = await createSigningKey()
  jwks = await startJwksServer([key.publicJwk])
  issuer = new URL('/eu-west-1_Test', jwks.url).href
  userinfo = await serveUserInfo({ table, env: { ISSUER: issuer } })
})

afterAll(async () => {
  await userinfo?.close()
  await jwks?.close()
  await table?.stop()
})

function tokenEvent(version: '1' | '2', sub: string) {
  const event = loadEvent(`pre-token-generation-v${version}-authentication`)
  if (version === '2') event.request.scopes = ['openid', 'tenant', 'orders/read']
  event.request.userAttributes.sub = sub
  // Attributes the user wrote, of the types the store holds broken claims of.
  event.request.userAttributes.department = 'attacker-department'
  event.request.userAttributes['custom:plan'] = 'attacker-plan'
  event.request.userAttributes.tenant_role = 'attacker-role'
  return event
}

function tokenClaims(result: { response: unknown }): Record<string, JsonValue> {
  const response = result.response as {
    claimsOverrideDetails?: { claimsToAddOrOverride: Record<string, JsonValue> }
    claimsAndScopeOverrideDetails?: {
      idTokenGeneration?: { claimsToAddOrOverride: Record<string, JsonValue> }
      accessTokenGeneration: { claimsToAddOrOverride: Record<string, JsonValue> }
    }
  }
  if (response.claimsOverrideDetails) return response.claimsOverrideDetails.claimsToAddOrOverride
  const details = response.claimsAndScopeOverrideDetails
  return {
    ...details?.idTokenGeneration?.claimsToAddOrOverride,
    ...details?.accessTokenGeneration.claimsToAddOrOverride,
  }
}

async function userInfoFor(sub: string, extra: Record<string, unknown>): Promise<Response> {
  const token = await sign(
    key,
    accessTokenClaims(issuer, sub, { client_id: WEB_CLIENT, scope: 'openid tenant', ...extra }),
  )
  return fetch(userinfo.url, { headers: { authorization: `Bearer ${token}` } })
}

describe('a stored claim of the wrong DynamoDB type', () => {
  it.each([
    '1',
    '2',
  ] as const)('keeps the attributes of its type out of version %s tokens', async (version) => {
    const triggers = buildTriggers(table)
    const result = await triggers.preTokenGeneration(tokenEvent(version, BROKEN), fakeContext())
    const claims = tokenClaims(result)
    expect(claims.tenant_id).toBe(version === '1' ? '42' : 42)
    for (const type of ['department', 'custom:plan', 'tenant_role']) {
      expect(claims).not.toHaveProperty([type])
    }
    expect(JSON.stringify(claims)).not.toContain('attacker')
  })

  it('keeps the access token claim of its type out of userinfo', async () => {
    const response = await userInfoFor(BROKEN, { tenant_role: 'attacker-role' })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, JsonValue>
    expect(body.tenant_id).toBe(42)
    expect(body).not.toHaveProperty('tenant_role')
  })
})

describe(`a stored json claim nested ${DEPTH} deep (over ${MAX_JSON_DEPTH})`, () => {
  it.each([
    '1',
    '2',
  ] as const)('is left out of version %s tokens while the sign-in succeeds', async (version) => {
    const triggers = buildTriggers(table)
    const started = performance.now()
    const result = await triggers.preTokenGeneration(tokenEvent(version, DEEP), fakeContext())
    const elapsed = performance.now() - started
    const claims = tokenClaims(result)
    expect(claims.tenant_id).toBe(version === '1' ? '42' : 42)
    expect(claims).not.toHaveProperty('tenant_settings')
    expect(triggers.metrics.totals().ClaimValueInvalid).toBe(1)
    expect(triggers.log.entries).toContainEqual(
      expect.objectContaining({ claimType: 'tenant_settings', reason: 'too-deep' }),
    )
    reportFigures('security', `deep json claim, version ${version} token`, {
      depth: DEPTH,
      elapsedMs: Math.round(elapsed),
    })
  })

  it('is answered by userinfo as its text, never a 500', async () => {
    const response = await userInfoFor(DEEP, {})
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, JsonValue>
    expect(body.tenant_id).toBe(42)
    expect(body.tenant_settings).toBe(`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`)
  })
})
