import type { Claim, JsonValue } from './claim.js'
import { ClaimValueTypes } from './claim-value-types.js'
import { jsonNestsDeeperThan } from './json-nesting.js'
import { type ParsedClaimValue, parseClaimValue } from './parse-claim-value.js'

/**
 * A claim that carries its typed value inward from the edge that read it.
 * The speed rule, in one place: the value is parsed at most once per claim
 * object, the first time a token or response needs it (a stored claim no
 * token requests is never parsed), then shared by every token of the
 * request. The typed value is private: a copy (`{ ...claim, value }`) is a
 * plain claim again and is parsed anew, so a changed claim can never carry
 * the typed value of the original. A class rather than a side table
 * (`WeakMap`), which costs the garbage collector on every stored claim read.
 */
class TypedClaim implements Claim {
  readonly type: string
  readonly value: string
  declare readonly valueType?: string | undefined
  #typed: ParsedClaimValue | undefined

  /** `typed` absent: the value is parsed as its type when first asked for. */
  constructor(
    type: string,
    value: string,
    valueType: string | undefined,
    typed?: ParsedClaimValue,
  ) {
    this.type = type
    this.value = value
    // Absent rather than undefined, as in a stored claim without a value type.
    if (valueType !== undefined) (this as { valueType?: string }).valueType = valueType
    this.#typed = typed
  }

  static typedValueOf(claim: Claim): ParsedClaimValue | undefined {
    if (!(claim instanceof TypedClaim)) return undefined
    claim.#typed ??= parseClaimValue(claim)
    return claim.#typed
  }
}

/**
 * A stored claim, as the store reader hands it inward: its value is parsed as
 * its declared type once, when a token first needs it, and every later token
 * of the request gets the same typed value.
 *
 * @example
 * const tier = readClaim('tier', '3', 'integer')
 * typedClaimValue(tier) // { ok: true, value: 3 }; asked again, not parsed again
 */
export function readClaim(type: string, value: string, valueType: string | undefined): Claim {
  return new TypedClaim(type, value, valueType)
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
  switch (typeof value) {
    case 'string':
      return new TypedClaim(type, value, undefined, { ok: true, value })
    case 'boolean':
      return new TypedClaim(type, value ? 'true' : 'false', ClaimValueTypes.Boolean, {
        ok: true,
        value,
      })
    case 'number': {
      const valueType = Number.isSafeInteger(value)
        ? ClaimValueTypes.Integer64
        : ClaimValueTypes.Double
      return new TypedClaim(type, `${value}`, valueType, { ok: true, value })
    }
    default: {
      const text = JSON.stringify(value)
      // Too deep to carry: it gets the verdict a stored value of that depth gets.
      if (jsonNestsDeeperThan(text)) return readClaim(type, text, ClaimValueTypes.Json)
      return new TypedClaim(type, text, ClaimValueTypes.Json, { ok: true, value })
    }
  }
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
  const typed = TypedClaim.typedValueOf(claim)
  return typed?.ok ? new TypedClaim(type, claim.value, claim.valueType, typed) : { ...claim, type }
}

/**
 * The claim's value as its declared type: the one read at the edge, or, for
 * a claim no edge read (one a profile service made), parsed now.
 *
 * @example
 * typedClaimValue({ type: 'beta', value: 'TRUE', valueType: 'boolean' }) // { ok: true, value: true }
 */
export function typedClaimValue(claim: Claim): ParsedClaimValue {
  return TypedClaim.typedValueOf(claim) ?? parseClaimValue(claim)
}
