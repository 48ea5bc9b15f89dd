import type { Claim, JsonValue } from './claim.js'
import type { ClaimTrace } from './claim-trace.js'
import { type ClaimValueKind, claimValueKind } from './claim-value-types.js'
import type { ClaimValueInvalidError } from './errors.js'
import { typedClaimValue } from './typed-claim.js'

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
 * `trace`, when given, records what became of each claim.
 *
 * @example
 * serializeClaims([{ type: 'role', value: 'admin' }, { type: 'role', value: 'editor' }], 'token')
 * // { claims: { role: ['admin', 'editor'] }, invalid: [] }
 */
export function serializeClaims(
  claims: Iterable<Claim>,
  mode: SerializationMode,
  trace?: ClaimTrace,
): SerializedClaims {
  const values = new Map<string, JsonValue[]>()
  // type → value kind → values seen: a claim's identity without building a key string per claim.
  const seen = new Map<string, Map<ClaimValueKind, Set<string>>>()
  const invalid: ClaimValueInvalidError[] = []

  for (const claim of claims) {
    if (!firstOfItsKind(seen, claim)) {
      trace?.drop(claim, 'duplicate')
      continue
    }

    const parsed = typedClaimValue(claim)
    let value: JsonValue
    if (parsed.ok) {
      value = parsed.value
      trace?.keep(claim, value)
    } else {
      invalid.push(parsed.error)
      if (mode === 'token') {
        trace?.drop(claim, 'invalid-value', parsed.error.reason)
        continue
      }
      value = claim.value
      trace?.keep(claim, value, parsed.error.reason)
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

/** Records the claim as seen; false when an identical claim (type, value, value kind) came before. */
function firstOfItsKind(
  seen: Map<string, Map<ClaimValueKind, Set<string>>>,
  claim: Claim,
): boolean {
  let byKind = seen.get(claim.type)
  if (byKind === undefined) {
    byKind = new Map()
    seen.set(claim.type, byKind)
  }
  const kind = claimValueKind(claim.valueType)
  let valuesOfKind = byKind.get(kind)
  if (valuesOfKind === undefined) {
    valuesOfKind = new Set()
    byKind.set(kind, valuesOfKind)
  }
  if (valuesOfKind.has(claim.value)) return false
  valuesOfKind.add(claim.value)
  return true
}
