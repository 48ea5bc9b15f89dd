import type { Claim, JsonValue } from './claim.js'
import { claimValueKind } from './claim-value-types.js'
import type { ClaimValueInvalidError } from './errors.js'
import { parseClaimValue } from './parse-claim-value.js'

/**
 * `token`: a value that does not parse as its type is left out and reported,
 * never emitted wrongly typed. `userinfo`: it falls back to its string form
 * (Duende's lenient path), and is still reported.
 */
export type SerializationMode = 'token' | 'userinfo'

/** Claims as a JSON object, and the claims whose value did not parse. */
export interface SerializedClaims {
  /** A null-prototype object: a claim type such as `__proto__` is an ordinary key. */
  readonly claims: Record<string, JsonValue>
  readonly invalid: readonly ClaimValueInvalidError[]
}

/**
 * Turns claims into the JSON object a token or userinfo response carries: one
 * claim of a type becomes a scalar, several become an array in stored order,
 * and exact duplicates (same type, value and value type) collapse to one.
 *
 * @example
 * serializeClaims([{ type: 'role', value: 'admin' }, { type: 'role', value: 'editor' }], 'token')
 * // { claims: { role: ['admin', 'editor'] }, invalid: [] }
 */
export function serializeClaims(
  claims: Iterable<Claim>,
  mode: SerializationMode,
): SerializedClaims {
  const values = new Map<string, JsonValue[]>()
  const seen = new Set<string>()
  const invalid: ClaimValueInvalidError[] = []

  for (const claim of claims) {
    const identity = JSON.stringify([claim.type, claim.value, claimValueKind(claim.valueType)])
    if (seen.has(identity)) continue
    seen.add(identity)

    const parsed = parseClaimValue(claim)
    let value: JsonValue
    if (parsed.ok) {
      value = parsed.value
    } else {
      invalid.push(parsed.error)
      if (mode === 'token') continue
      value = claim.value
    }
    const list = values.get(claim.type)
    if (list) list.push(value)
    else values.set(claim.type, [value])
  }

  const out: Record<string, JsonValue> = Object.create(null)
  for (const [type, list] of values) {
    out[type] = list.length === 1 ? (list[0] as JsonValue) : list
  }
  return { claims: out, invalid }
}
