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
 * Called once per dropped claim, so the caller can log and count it (docs/claims.md, "Failure policy").
 *
 * @example
 * const onInvalidClaim: InvalidClaimReporter = (report) => log.warn('stored claim dropped', { ...report })
 */
export type InvalidClaimReporter = (report: InvalidStoredClaim) => void

/** The default reporter: tells nobody. */
export const ignoreInvalidClaim: InvalidClaimReporter = () => {}

/** Whether a stored attribute value is a map (not a list, a set or binary). */
export const isStoredMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Set) &&
  !(value instanceof Uint8Array)

/**
 * The valid claims of a stored list, in stored order. Each invalid entry is
 * dropped and reported, and its type, when it has one, is added to
 * `unreadableTypes`; nothing is coerced (a number is not a string). An
 * unknown `valueType` or a value that does not parse as its type is kept: the
 * core reads the first as a string and leaves the second out of tokens.
 */
export function parseStoredClaims(
  list: readonly unknown[],
  owner: { readonly key: ItemKey; readonly sub?: string; readonly clientId?: string },
  report: InvalidClaimReporter,
  unreadableTypes?: string[],
): Claim[] {
  const claims: Claim[] = []
  for (let index = 0; index < list.length; index++) {
    const entry = list[index]
    if (!isStoredMap(entry)) {
      report({ ...owner, index, reason: 'claim is not a map' })
      continue
    }
    const { type, value, valueType } = entry
    const problem = storedClaimProblem(type, value, valueType)
    if (problem !== undefined) {
      const claimType = typeof type === 'string' && type !== '' ? type : undefined
      if (claimType !== undefined) unreadableTypes?.push(claimType)
      report({
        ...owner,
        ...(claimType === undefined ? {} : { claimType }),
        index,
        reason: problem,
      })
      continue
    }
    claims.push(
      valueType === undefined
        ? { type: type as string, value: value as string }
        : { type: type as string, value: value as string, valueType: valueType as string },
    )
  }
  return claims
}

/**
 * What is wrong with a stored claim's attributes, the first problem in the
 * order type, value, valueType, or `undefined` when nothing is. Written out
 * rather than as a schema: it runs for every claim of every token.
 */
function storedClaimProblem(type: unknown, value: unknown, valueType: unknown): string | undefined {
  if (type === undefined) return '"type" is missing'
  if (typeof type !== 'string') return '"type" is not a string'
  if (type === '') return '"type" is empty'
  if (value === undefined) return '"value" is missing'
  if (typeof value !== 'string') return '"value" is not a string'
  if (valueType !== undefined && typeof valueType !== 'string') return '"valueType" is not a string'
  return undefined
}
