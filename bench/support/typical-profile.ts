import { readFileSync } from 'node:fs'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import type { Claim, StoredUser } from '../../lib/core/index.js'
import type { ConfigurationItem } from '../../lib/dynamodb/index.js'

/** The user of the Cognito fixtures (`userAttributes.sub`) and their app client. */
export const USER_SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'
export const CLIENT_ID = '1example23456789'

/** The five scopes a typical sign-in asks for: three standard, one identity resource, one API scope. */
export const TYPICAL_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'profile',
  'email',
  'tenant',
  'orders/read',
])

/**
 * A typical profile: 20 stored claims, standard and custom, strings and typed
 * values, one multi-valued, one that no requested scope asks for.
 */
export const TYPICAL_CLAIMS: readonly Claim[] = Object.freeze([
  { type: 'name', value: 'Jane Doe' },
  { type: 'given_name', value: 'Jane' },
  { type: 'family_name', value: 'Doe' },
  { type: 'preferred_username', value: 'jane' },
  { type: 'nickname', value: 'JD' },
  { type: 'locale', value: 'en-GB' },
  { type: 'zoneinfo', value: 'Europe/London' },
  { type: 'picture', value: 'https://example.com/jane.png' },
  { type: 'website', value: 'https://jane.example.com' },
  { type: 'email', value: 'jane.doe@example.com' },
  { type: 'tenant_id', value: 'tenant-42' },
  { type: 'tenant_role', value: 'admin' },
  { type: 'tenant_role', value: 'billing' },
  { type: 'tenant_plan', value: 'enterprise' },
  { type: 'tenant_beta', value: 'true', valueType: 'boolean' },
  { type: 'tenant_quota', value: '250', valueType: 'integer' },
  { type: 'department', value: 'finance' },
  { type: 'employee_id', value: 'E-1042' },
  { type: 'approval_limit', value: '12500.5', valueType: 'double' },
  { type: 'cost_center', value: 'CC-7' },
])

export const TYPICAL_USER: StoredUser = Object.freeze({
  sub: USER_SUB,
  active: true,
  claims: TYPICAL_CLAIMS,
})

/** The claim mappings and the one client the typical profile is issued against. */
export const TYPICAL_CONFIGURATION: readonly ConfigurationItem[] = Object.freeze([
  {
    kind: 'identityResource',
    value: {
      name: 'tenant',
      userClaims: ['tenant_id', 'tenant_role', 'tenant_plan', 'tenant_beta', 'tenant_quota'],
    },
  },
  {
    kind: 'apiScope',
    value: { name: 'orders/read', userClaims: ['department', 'approval_limit'] },
  },
  { kind: 'apiScope', value: { name: 'orders/write', userClaims: ['cost_center'] } },
  {
    kind: 'apiResource',
    value: { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: ['employee_id'] },
  },
  {
    kind: 'client',
    value: {
      clientId: CLIENT_ID,
      allowedScopes: [...TYPICAL_SCOPES, 'orders/write'],
      claims: [{ type: 'plan', value: 'gold' }],
    },
  },
])

const FIXTURES = new URL('../../test/fixtures/cognito/', import.meta.url)

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>
}

/** A pre-token-generation V2 event (hosted UI sign-in) asking for the typical five scopes. */
export function typicalPreTokenGenerationEvent(): Record<string, unknown> {
  const event = fixture('pre-token-generation-v2-hosted-auth.json')
  const request = event.request as Record<string, unknown>
  request.scopes = ['aws.cognito.signin.user.admin', ...TYPICAL_SCOPES]
  return event
}

/** The pre-authentication event of the same user and client. */
export function typicalPreAuthenticationEvent(): Record<string, unknown> {
  return fixture('pre-authentication.json')
}

/** The resource server that introspects the typical user's tokens, with a client-credentials token. */
export const RESOURCE_SERVER_CLIENT_ID = '2example3resource4server'

/** Its token's scopes: the introspection scope and one of the API resource the typical sign-in names. */
export const RESOURCE_SERVER_SCOPES: readonly string[] = Object.freeze([
  'claimsmith/introspect',
  'orders/read',
])

/** An API Gateway HTTP API (payload 2.0) `GET /userinfo` with the access token. */
export function userInfoEvent(accessToken: string): APIGatewayProxyEventV2 {
  return httpApiEvent('GET', '/userinfo', { authorization: `Bearer ${accessToken}` })
}

/** An HTTP API `POST /introspect` by the resource server (its token) of the user's access token. */
export function introspectionEvent(
  callerToken: string,
  accessToken: string,
): APIGatewayProxyEventV2 {
  return httpApiEvent(
    'POST',
    '/introspect',
    {
      authorization: `Bearer ${callerToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    new URLSearchParams({ token: accessToken }).toString(),
  )
}

function httpApiEvent(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): APIGatewayProxyEventV2 {
  const routeKey = `${method} ${path}`
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      ...headers,
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'bench',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'bench',
      },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey,
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  }
}
