import type { ClaimShaper, JsonValue } from '../core/index.js'
import { COGNITO_TYPED_ID_TOKEN_CLAIMS, idTokenClaimValue } from './id-token-claim-value.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'
import { version1ClaimText } from './version-1-claim-text.js'

/** Why a claim equal to what Cognito already writes into the ID token is not sent again. */
export const ALREADY_IN_ID_TOKEN = 'already-in-id-token'

/**
 * The shaping rules of Cognito's ID token for one event. A claim whose value
 * equals what Cognito already writes from the user's attributes
 * (`attributeClaims`, the serialized subject) is not sent again: re-sending it
 * adds nothing, and in version 1 it would turn a Cognito boolean or number
 * into a string. The rest follow `idTokenClaimValue`, and version 1, which
 * takes strings only, gets each value as `version1ClaimText`.
 *
 * @example
 * const shape = idTokenShaper({ email: 'a@example.com' }, '1')
 * shape('email', 'a@example.com') // { ok: false, problem: 'already-in-id-token', expected: true }
 * shape('tier', 3) // { ok: true, value: '3', reduced: false }
 * shape('tier', '3') // undefined: sent as it is
 */
export function idTokenShaper(
  attributeClaims: Readonly<Record<string, JsonValue>>,
  version: PreTokenGenerationVersion,
): ClaimShaper {
  return (type, value) => {
    if (Object.hasOwn(attributeClaims, type) && sameJson(attributeClaims[type], value)) {
      return { ok: false, problem: ALREADY_IN_ID_TOKEN, expected: true }
    }
    if (!COGNITO_TYPED_ID_TOKEN_CLAIMS.has(type)) {
      // Cognito types only a few ID-token claims; any other passes as it is, or as text in version 1.
      return version === '1' && typeof value !== 'string'
        ? { ok: true, value: version1ClaimText(value), reduced: false }
        : undefined
    }
    return idTokenClaimValue(type, value, version)
  }
}

/** Whether two JSON values are equal: primitives compared as they are, the rest as JSON text. */
function sameJson(a: JsonValue | undefined, b: JsonValue): boolean {
  if (a === b) return true
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)
}
