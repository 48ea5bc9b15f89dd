import { type Claim, claimOfJsonValue, type JsonValue, type Subject } from '../core/index.js'
import type { VerifiedAccessToken } from './verify-access-token.js'

/**
 * The subject of a userinfo request: no session exists, so the user is what
 * the access token says (docs/claims.md, "The profile service"). Each claim
 * keeps the typed value the token carries, never parsed back from its text
 * (`claimOfJsonValue`); an array of strings becomes one claim per element,
 * as a multi-valued claim is stored.
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
      claims.push(claimOfJsonValue(type, value as JsonValue))
    }
  }
  return { sub: token.sub, claims }
}
