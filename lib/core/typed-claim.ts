import type { Claim, JsonValue } from './claim.js'
import { ClaimValueTypes } from './claim-value-types.js'
import { jsonNestsDeeperThan } from './json-nesting.js'
import { type ParsedClaimValue, parseClaimValue } from './parse-claim-value.js'

/**
 * Each claim's typed value, computed once per claim object: at the edge that
 * reads it (`readClaim`, `claimOfJsonValue`), or the first time the pipeline
 * needs it (a claim a profile service made). The rule a caller keeps: a claim
 * is an immutable value. A changed claim is a new object (`{ ...claim, value }`)
 * and is read anew; a claim changed in place would keep its old typed value.
 */
const TYPED = new WeakMap<Claim, ParsedClaimValue>()

/**
 * A stored claim read at the edge: its value parsed as its declared type now,
 * once, and carried inward with the claim.
 *
 * @example
 * const tier = readClaim('tier', '3', 'integer')
 * typedClaimValue(tier) // { ok: true, value: 3 }, without parsing again
 */
export function readClaim(type: string, value: string, valueType: string | undefined): Claim {
  const claim: Claim = valueType === undefined ? { type, value } : { type, value, valueType }
  TYPED.set(claim, parseClaimValue(claim))
  return claim
}

/**
 * A claim whose value arrives typed, such as a verified token's: the typed
 * value is kept as it is, never parsed back from text. The claim's `value` is
 * its text form, for profile services, which read claims as Duende's do; a
 * string stays a string, a safe integer is an `integer64`, any other number a
 * `double`, a boolean a `boolean`, anything else `json` (within
 * `MAX_JSON_DEPTH`, as a stored json claim).
 *
 * @example
 * claimOfJsonValue('exp', 1767225600) // { type: 'exp', value: '1767225600', valueType: 'integer64' }
 */
export function claimOfJsonValue(type: string, value: JsonValue): Claim {
  let claim: Claim
  switch (typeof value) {
    case 'string':
      claim = { type, value }
      break
    case 'boolean':
      claim = { type, value: value ? 'true' : 'false', valueType: ClaimValueTypes.Boolean }
      break
    case 'number':
      claim = {
        type,
        value: `${value}`,
        valueType: Number.isSafeInteger(value) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double,
      }
      break
    default: {
      const text = JSON.stringify(value)
      claim = { type, value: text, valueType: ClaimValueTypes.Json }
      // Too deep to carry: it gets the verdict a stored value of that depth gets.
      if (jsonNestsDeeperThan(text)) return claim
    }
  }
  TYPED.set(claim, { ok: true, value })
  return claim
}

/**
 * A claim under another type (a client claim under its prefix), keeping the
 * typed value already read. A value that did not parse is read again, so its
 * error names the new type.
 *
 * @example
 * renamedClaim(readClaim('tier', '3', 'integer'), 'client_tier')
 */
export function renamedClaim(claim: Claim, type: string): Claim {
  const renamed: Claim = { ...claim, type }
  const typed = TYPED.get(claim)
  if (typed?.ok) TYPED.set(renamed, typed)
  return renamed
}

/**
 * The claim's value as its declared type: the one read at the edge, or, for
 * a claim no edge read, parsed now and remembered.
 *
 * @example
 * typedClaimValue({ type: 'beta', value: 'TRUE', valueType: 'boolean' }) // { ok: true, value: true }
 */
export function typedClaimValue(claim: Claim): ParsedClaimValue {
  let typed = TYPED.get(claim)
  if (typed === undefined) {
    typed = parseClaimValue(claim)
    TYPED.set(claim, typed)
  }
  return typed
}
