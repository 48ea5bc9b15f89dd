import type { Claim, JsonValue } from './claim.js'
import { type ClaimValueKind, claimValueKind } from './claim-value-types.js'
import { ClaimValueInvalidError, type InvalidClaimValueReason } from './errors.js'
import { jsonNestsDeeperThan } from './json-nesting.js'

/** The outcome of reading one claim's value as its declared type. */
export type ParsedClaimValue =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly error: ClaimValueInvalidError }

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const ASCII_SPACE_AROUND = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g
const NON_FINITE = /^[+-]?(?:nan|infinity|∞)$/i

const INT32_MIN = -(2n ** 31n)
const INT32_MAX = 2n ** 31n - 1n
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER)
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER)

type Read = { value: JsonValue } | { reason: InvalidClaimValueReason }

function readInteger(text: string, min: bigint, max: bigint): Read {
  if (!INTEGER.test(text)) return { reason: DECIMAL.test(text) ? 'not-an-integer' : 'not-a-number' }
  const n = BigInt(text)
  if (n < min || n > max) return { reason: 'out-of-range' }
  // A JSON number past 2^53-1 would be read back by most consumers as a different
  // integer; refusing it is the only way to never lose precision silently.
  if (n < SAFE_MIN || n > SAFE_MAX) return { reason: 'unsafe-integer' }
  return { value: Number(n) }
}

function readDouble(text: string): Read {
  if (NON_FINITE.test(text)) return { reason: 'not-finite' }
  if (!DECIMAL.test(text)) return { reason: 'not-a-number' }
  const n = Number(text)
  if (!Number.isFinite(n)) return { reason: 'not-finite' }
  return { value: n }
}

function readBoolean(text: string): Read {
  const lower = text.toLowerCase()
  if (lower === 'true') return { value: true }
  if (lower === 'false') return { value: false }
  return { reason: 'not-a-boolean' }
}

function readJson(text: string): Read {
  // Checked first: a parsed value nested thousands deep makes every later
  // recursive walk of it (JSON.stringify included) throw RangeError.
  if (jsonNestsDeeperThan(text)) return { reason: 'too-deep' }
  try {
    return { value: JSON.parse(text) as JsonValue }
  } catch {
    return { reason: 'not-json' }
  }
}

function read(kind: Exclude<ClaimValueKind, 'string'>, raw: string): Read {
  if (kind === 'json') return readJson(raw)
  // .NET's parsers, which Duende relies on, allow surrounding ASCII white space
  // (not the wider Unicode set String.prototype.trim removes).
  const text = raw.replace(ASCII_SPACE_AROUND, '')
  switch (kind) {
    case 'integer32':
      return readInteger(text, INT32_MIN, INT32_MAX)
    case 'integer64':
      return readInteger(text, INT64_MIN, INT64_MAX)
    case 'double':
      return readDouble(text)
    case 'boolean':
      return readBoolean(text)
  }
}

/**
 * Reads a claim's string value as its declared value type (docs/claims.md, "Value types").
 * Integers are checked against their 32- or 64-bit range, and integer64 values
 * beyond ±(2^53−1) are refused as `unsafe-integer` rather than rounded; doubles
 * must be finite; booleans are case-insensitive; json is any JSON text
 * nested at most `MAX_JSON_DEPTH` deep.
 *
 * @example
 * parseClaimValue({ type: 'tier', value: ' 02 ', valueType: 'integer' }) // { ok: true, value: 2 }
 */
export function parseClaimValue(claim: Claim): ParsedClaimValue {
  const kind = claimValueKind(claim.valueType)
  if (kind === 'string') return { ok: true, value: claim.value }
  const result = read(kind, claim.value)
  if ('value' in result) return { ok: true, value: result.value }
  return {
    ok: false,
    error: new ClaimValueInvalidError(claim.type, claim.valueType ?? 'string', result.reason),
  }
}
