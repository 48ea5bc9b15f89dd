import * as v from 'valibot'
import { ConfigurationFileSchema, parseConfigurationFile } from '../configuration-file/index.js'
import { type Claim, claimProblem, type StoredUser } from '../core/index.js'
import { normalizeClaim } from './plan-item.js'

/** One thing wrong with a user record: where in the record, what, and how to fix it. */
export interface UserRecordProblem {
  /** Such as `claims[1].value`; `''` for the record as a whole. */
  readonly path: string
  readonly message: string
  readonly hint: string
}

/** A valid user (active defaults to true), or what is wrong with the record. */
export type UserRecordResult =
  | { readonly ok: true; readonly user: StoredUser }
  | { readonly ok: false; readonly problems: readonly UserRecordProblem[] }

const RECORD = /users\[0\]\.?/g

function inRecord(text: string): string {
  return text.replace(RECORD, (match) => (match.endsWith('.') ? '' : 'the record'))
}

function valid(claim: Claim): boolean {
  return claimProblem(claim.type, claim.value, claim.valueType) === undefined
}

function accepted(user: StoredUser): UserRecordResult {
  return {
    ok: true,
    user: { sub: user.sub, active: user.active, claims: user.claims.map(normalizeClaim) },
  }
}

/**
 * Checks one user record (`{ sub, active?, claims }`) with the rules of the
 * configuration file's `users` entries: the same schema (no unknown keys,
 * non-empty sub and claim types), no protocol or reserved claim types, known
 * value types, values that parse. The common case, a valid record, takes a
 * fast path through the schema and the core's definition of a valid claim
 * (`claimProblem`); a record with a
 * problem is run through `parseConfigurationFile` for its exact messages.
 *
 * @example
 * validateUserRecord({ sub: 'a', claims: [{ type: 'tier', value: 'x', valueType: 'integer' }] })
 * // { ok: false, problems: [{ path: 'claims[0].value', message: 'claims[0].value "x" of claim "tier" does not parse as integer: it is not a number', hint: … }] }
 */
export function validateUserRecord(record: unknown): UserRecordResult {
  const shaped = v.safeParse(ConfigurationFileSchema, { users: [record] })
  const user = shaped.success ? shaped.output.users[0] : undefined
  if (user?.claims.every(valid)) return accepted(user)
  // The configuration file's rules are the authority; the fast path only saves time.
  const result = parseConfigurationFile(JSON.stringify({ users: [record] }), 'record.json')
  if (result.ok) return accepted(result.configuration.users[0] as StoredUser)
  return {
    ok: false,
    problems: result.problems.map((problem) => ({
      path: inRecord(problem.path),
      message: inRecord(problem.message),
      hint: problem.hint,
    })),
  }
}
