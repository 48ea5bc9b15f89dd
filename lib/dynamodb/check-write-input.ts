import { type Claim, claimShapeProblem } from '../core/index.js'

/**
 * Checks of what a caller asks the writer to store, so the writer never
 * writes an item its own readers would call corrupt. Misuse is a TypeError.
 */
export function requireNonEmptyString(what: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what} must be a non-empty string`)
  }
  return value
}

export function requireStringList(what: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new TypeError(`${what} must be a list of strings`)
  }
  return value
}

export function requireBoolean(what: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean`)
  return value
}

const SHAPE_RULE: Readonly<Record<'type' | 'value' | 'valueType', string>> = {
  type: 'must be a non-empty string',
  value: 'must be a string',
  valueType: 'must be a non-empty string when given',
}

/** The claims as they are stored (`valueType` only when given), each of the core's shape (`claimShapeProblem`). */
export function requireClaims(what: string, value: unknown): Claim[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be a list of claims`)
  return value.map((claim: unknown, index) => {
    const at = `${what}[${index}]`
    if (typeof claim !== 'object' || claim === null) throw new TypeError(`${at} must be a claim`)
    const { type, value: claimValue, valueType } = claim as Record<string, unknown>
    const problem = claimShapeProblem(type, claimValue, valueType)
    if (problem !== undefined) throw new TypeError(`${at}.${problem.at} ${SHAPE_RULE[problem.at]}`)
    return valueType === undefined
      ? { type: type as string, value: claimValue as string }
      : { type: type as string, value: claimValue as string, valueType: valueType as string }
  })
}

export function requireExpectedVersion(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError('expectedVersion must be a positive integer')
  }
  return value
}
