import type { JsonValue } from '../core/index.js'
import {
  COGNITO_TYPED_ID_TOKEN_CLAIMS,
  type IdTokenValueProblem,
  idTokenClaimValue,
} from './id-token-claim-value.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'

/** A claim left out of the ID token, by type: never its value. */
export interface IdTokenClaimOmission {
  readonly type: string
  readonly problem: IdTokenValueProblem
}

/** The ID token's claims to add or override, and what was left out or cut. */
export interface ShapedIdTokenClaims {
  readonly claims: Record<string, JsonValue>
  readonly omitted: readonly IdTokenClaimOmission[]
  /** Types whose several values were reduced to the first (`idTokenClaimValue`). */
  readonly reduced: readonly string[]
}

/**
 * Shapes the claims issued for the ID token. A claim whose value equals what
 * Cognito already writes into the ID token from the user's attributes
 * (`attributeClaims`, the serialized subject) is not sent again: re-sending it
 * adds nothing, and in version 1 it would turn a Cognito boolean or number
 * into a string. The rest follow `idTokenClaimValue`.
 *
 * @example
 * shapeIdTokenClaims({ email: 'a@example.com', tier: 3 }, { email: 'a@example.com' }, '2')
 * // { claims: { tier: 3 }, omitted: [], reduced: [] }
 */
export function shapeIdTokenClaims(
  claims: Readonly<Record<string, JsonValue>>,
  attributeClaims: Readonly<Record<string, JsonValue>>,
  version: PreTokenGenerationVersion,
): ShapedIdTokenClaims {
  const out: Record<string, JsonValue> = Object.create(null)
  const omitted: IdTokenClaimOmission[] = []
  const reduced: string[] = []
  for (const type of Object.keys(claims)) {
    const value = claims[type] as JsonValue
    if (Object.hasOwn(attributeClaims, type) && sameJson(attributeClaims[type], value)) continue
    if (!COGNITO_TYPED_ID_TOKEN_CLAIMS.has(type)) {
      // Cognito types only a few ID-token claims; any other passes as it is.
      out[type] = value
      continue
    }
    const shaped = idTokenClaimValue(type, value, version)
    if (!shaped.ok) {
      omitted.push({ type, problem: shaped.problem })
      continue
    }
    if (shaped.reduced) reduced.push(type)
    out[type] = shaped.value
  }
  return { claims: out, omitted, reduced }
}

/** Whether two JSON values are equal: primitives compared as they are, the rest as JSON text. */
function sameJson(a: JsonValue | undefined, b: JsonValue): boolean {
  if (a === b) return true
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)
}
