import type { Claim } from './claim.js'
import { isKnownClaimValueType } from './claim-value-types.js'
import type { ClaimValueInvalidError } from './errors.js'
import { type ClaimTypeRestriction, claimTypeRestriction } from './protocol-claims.js'
import { typedClaimValue } from './typed-claim.js'

/** A rule of a claim's shape, without which it cannot be read at all. */
export type ClaimShapeProblem =
  | { readonly at: 'type'; readonly rule: 'missing' | 'not-a-string' | 'empty' }
  | { readonly at: 'value'; readonly rule: 'missing' | 'not-a-string' }
  | { readonly at: 'valueType'; readonly rule: 'not-a-string' | 'empty' }

/** A rule a readable claim's value breaks: it could never be emitted as typed. */
export type ClaimValueProblem =
  | { readonly at: 'valueType'; readonly rule: 'unknown' }
  | { readonly at: 'value'; readonly rule: 'unparseable'; readonly error: ClaimValueInvalidError }

/** What makes a claim invalid, by the attribute at fault. */
export type ClaimProblem =
  | ClaimShapeProblem
  | { readonly at: 'type'; readonly rule: 'restricted'; readonly restriction: ClaimTypeRestriction }
  | ClaimValueProblem

/**
 * The first shape rule the attributes of a claim break, in the order type,
 * value, valueType: a type is a non-empty string, a value a string (its text
 * form), a valueType a non-empty string when given (left out, it is string). The store reader drops a claim
 * that breaks one (and keeps every other, as the runtime decides per token).
 * Written out rather than as a schema: it runs for every stored claim read.
 *
 * @example
 * claimShapeProblem('tier', 3, 'integer') // { at: 'value', rule: 'not-a-string' }
 */
export function claimShapeProblem(
  type: unknown,
  value: unknown,
  valueType: unknown,
): ClaimShapeProblem | undefined {
  if (type === undefined) return { at: 'type', rule: 'missing' }
  if (typeof type !== 'string') return { at: 'type', rule: 'not-a-string' }
  if (type === '') return { at: 'type', rule: 'empty' }
  if (value === undefined) return { at: 'value', rule: 'missing' }
  if (typeof value !== 'string') return { at: 'value', rule: 'not-a-string' }
  if (valueType !== undefined) {
    if (typeof valueType !== 'string') return { at: 'valueType', rule: 'not-a-string' }
    if (valueType === '') return { at: 'valueType', rule: 'empty' }
  }
  return undefined
}

/**
 * Whether a readable claim's value can be emitted as typed: its valueType is
 * one the core knows (docs/claims.md, "Value types") and its value parses as
 * that type, json within `MAX_JSON_DEPTH`. The runtime reads an unknown type
 * as a string and leaves an unparseable value out of tokens; everything that
 * writes claims refuses both.
 *
 * @example
 * claimValueProblem({ type: 'tier', value: 'x', valueType: 'integer' })
 * // { at: 'value', rule: 'unparseable', error: ClaimValueInvalidError (not-a-number) }
 */
export function claimValueProblem(claim: Claim): ClaimValueProblem | undefined {
  if (!isKnownClaimValueType(claim.valueType)) return { at: 'valueType', rule: 'unknown' }
  const typed = typedClaimValue(claim)
  return typed.ok ? undefined : { at: 'value', rule: 'unparseable', error: typed.error }
}

/**
 * The one definition of a valid claim, shared by the store reader, the
 * writers (`users import`, `users set-claim`, `apply`) and the configuration
 * file: the first rule `{ type, value, valueType }` breaks, in the order
 * shape (`claimShapeProblem`), type (never a protocol, reserved or unsafe
 * type: `claimTypeRestriction`), value (`claimValueProblem`); `undefined` for
 * a claim that can be stored and emitted.
 *
 * @example
 * claimProblem('sub', 'x', undefined) // { at: 'type', rule: 'restricted', restriction: 'protocol' }
 */
export function claimProblem(
  type: unknown,
  value: unknown,
  valueType: unknown,
): ClaimProblem | undefined {
  const shape = claimShapeProblem(type, value, valueType)
  if (shape !== undefined) return shape
  const claim = { type, value, valueType } as Claim
  const restriction = claimTypeRestriction(claim.type)
  if (restriction !== undefined) return { at: 'type', rule: 'restricted', restriction }
  return claimValueProblem(claim)
}
