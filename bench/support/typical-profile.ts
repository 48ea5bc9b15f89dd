import { readFileSync } from 'node:fs'
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

// The same requests `claimsmith test` sends the functions: HTTP API (payload 2.0) events.
export { introspectionEvent, userInfoEvent } from '../../lib/claims-tests/index.js'
