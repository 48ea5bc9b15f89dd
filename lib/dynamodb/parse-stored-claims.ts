import { type Claim, type ClaimShapeProblem, claimShapeProblem, readClaim } from '../core/index.js'
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
 * The readable claims of a stored list, in stored order, each parsed as its
 * value type once, here (`readClaim`). An entry that breaks the core's shape
 * rules (`claimShapeProblem`) is dropped and reported, and its type, when it
 * has one, is added to `unreadableTypes`; nothing is coerced (a number is not
 * a string). An unknown `valueType` or a value that does not parse as its
 * type is kept: the core reads the first as a string and leaves the second
 * out of tokens.
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
    const problem = claimShapeProblem(type, value, valueType)
    if (problem !== undefined) {
      const claimType = typeof type === 'string' && type !== '' ? type : undefined
      if (claimType !== undefined) unreadableTypes?.push(claimType)
      report({
        ...owner,
        ...(claimType === undefined ? {} : { claimType }),
        index,
        reason: shapeReason(problem),
      })
      continue
    }
    claims.push(readClaim(type as string, value as string, valueType as string | undefined))
  }
  return claims
}

const RULE_TEXT: Readonly<Record<ClaimShapeProblem['rule'], string>> = {
  missing: 'is missing',
  'not-a-string': 'is not a string',
  empty: 'is empty',
}

/** A shape problem in a report's words, e.g. `"value" is not a string`. */
function shapeReason(problem: ClaimShapeProblem): string {
  return `"${problem.at}" ${RULE_TEXT[problem.rule]}`
}
