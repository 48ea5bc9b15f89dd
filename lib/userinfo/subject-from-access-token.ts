import type { Claim, Subject } from '../core/index.js'
import type { VerifiedAccessToken } from './verify-access-token.js'

/**
 * The subject of a userinfo request: no session exists, so the user is what
 * the access token says (docs/claims.md, "The profile service"). Each claim keeps its JSON type through its
 * value type; an array of strings becomes one claim per element, as a
 * multi-valued claim is stored.
 *
 * @example
 * subjectFromAccessToken(token).claims
 * // [{ type: 'sub', value: '8f1c…' }, { type: 'cognito:groups', value: 'admins' }, { type: 'exp', value: '1767225600', valueType: 'integer64' }, …]
 */
export function subjectFromAccessToken(token: VerifiedAccessToken): Subject {
  const claims: Claim[] = []
  for (const [type, value] of Object.entries(token.payload)) {
    if (Array.isArray(value) && value.every((each) => typeof each === 'string')) {
      for (const each of value) claims.push({ type, value: each })
    } else if (value !== undefined) {
      claims.push(claimOf(type, value))
    }
  }
  return { sub: token.sub, claims }
}

function claimOf(type: string, value: unknown): Claim {
  switch (typeof value) {
    case 'string':
      return { type, value }
    case 'boolean':
      return { type, value: String(value), valueType: 'boolean' }
    case 'number':
      return Number.isSafeInteger(value)
        ? { type, value: String(value), valueType: 'integer64' }
        : { type, value: String(value), valueType: 'double' }
    default:
      return { type, value: JSON.stringify(value), valueType: 'json' }
  }
}
