import type { JsonValue } from '../core/index.js'
import type { VerifiedAccessToken } from '../userinfo/index.js'

/** The RFC 7662 section 2.2 members an answer sets itself; no claim may take their place. */
export const INTROSPECTION_MEMBERS: ReadonlySet<string> = new Set([
  'active',
  'scope',
  'client_id',
  'username',
  'token_type',
  'exp',
  'iat',
  'nbf',
  'sub',
  'aud',
  'iss',
  'jti',
])

/** The whole answer for every token that is not active, whatever the reason (RFC 7662 section 2.2). */
export const INACTIVE_TOKEN: Readonly<{ active: false }> = Object.freeze({ active: false })

/**
 * The RFC 7662 section 2.2 answer for an active access token: the claims
 * (the API-resource claims the caller may see), then the RFC 7662 members,
 * taken from the verified token, so no claim can stand in for one of them.
 *
 * @example
 * introspectionResponse(token, { employee_id: 7 })
 * // { employee_id: 7, active: true, scope: 'orders/read', client_id: 'web-app', token_type: 'Bearer', sub: '8f1c…', … }
 */
export function introspectionResponse(
  token: VerifiedAccessToken,
  claims: Readonly<Record<string, JsonValue>>,
): Record<string, JsonValue> {
  const body: Record<string, JsonValue> = Object.create(null)
  for (const [type, value] of Object.entries(claims)) {
    if (!INTROSPECTION_MEMBERS.has(type)) body[type] = value
  }
  const { payload } = token
  body.active = true
  body.scope = token.scopes.join(' ')
  body.client_id = token.clientId
  if (typeof payload.username === 'string') body.username = payload.username
  body.token_type = 'Bearer'
  for (const member of ['exp', 'iat', 'nbf'] as const) {
    const value = payload[member]
    if (typeof value === 'number') body[member] = value
  }
  body.sub = token.sub
  body.iss = payload.iss as string
  if (typeof payload.jti === 'string') body.jti = payload.jti
  return body
}
