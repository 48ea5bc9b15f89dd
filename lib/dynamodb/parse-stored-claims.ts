import * as v from 'valibot'
import type { Claim } from '../core/claim.js'
import type { ItemKey } from './item-keys.js'

/**
 * A stored claim that was dropped on read. Carries where it was and why, and
 * the claim's type when it has one: never its value.
 */
export interface InvalidStoredClaim {
  readonly key: ItemKey
  /** The user the claim belongs to (user items). */
  readonly sub?: string
  /** The client the claim belongs to (client items). */
  readonly clientId?: string
  /** The claim's type, when it is a non-empty string. */
  readonly claimType?: string
  /** The claim's position in the stored list. */
  readonly index: number
  /** Which rule it broke, e.g. `"value" is not a string`. */
  readonly reason: string
}

/**
 * Called once per dropped claim, so the caller can log and count it (SPEC §9).
 *
 * @example
 * const onInvalidClaim: InvalidClaimReporter = (report) => log.warn('stored claim dropped', { ...report })
 */
export type InvalidClaimReporter = (report: InvalidStoredClaim) => void

/** The default reporter: tells nobody. */
export const ignoreInvalidClaim: InvalidClaimReporter = () => {}

const StoredClaimSchema = v.object({
  type: v.pipe(v.string('is not a string'), v.nonEmpty('is empty')),
  value: v.string('is not a string'),
  valueType: v.optional(v.string('is not a string')),
})

/** Whether a stored attribute value is a map (not a list, a set or binary). */
export const isStoredMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Set) &&
  !(value instanceof Uint8Array)

/**
 * The valid claims of a stored list, in stored order. Each invalid entry is
 * dropped and reported; nothing is coerced (a number is not a string). An
 * unknown `valueType` or a value that does not parse as its type is kept: the
 * core reads the first as a string and leaves the second out of tokens.
 */
export function parseStoredClaims(
  list: readonly unknown[],
  owner: { readonly key: ItemKey; readonly sub?: string; readonly clientId?: string },
  report: InvalidClaimReporter,
): Claim[] {
  const claims: Claim[] = []
  list.forEach((entry, index) => {
    if (!isStoredMap(entry)) {
      report({ ...owner, index, reason: 'claim is not a map' })
      return
    }
    const result = v.safeParse(StoredClaimSchema, entry, { abortEarly: true })
    if (!result.success) {
      const attribute = String(result.issues[0].path?.[0]?.key ?? 'claim')
      const problem = entry[attribute] === undefined ? 'is missing' : result.issues[0].message
      const claimType = typeof entry.type === 'string' && entry.type !== '' ? entry.type : undefined
      report({
        ...owner,
        ...(claimType === undefined ? {} : { claimType }),
        index,
        reason: `"${attribute}" ${problem}`,
      })
      return
    }
    const { type, value, valueType } = result.output
    claims.push(valueType === undefined ? { type, value } : { type, value, valueType })
  })
  return claims
}
