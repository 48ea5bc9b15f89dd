import type { PreTokenGenerationTriggerSource } from '../cognito/trigger-sources.js'
import type { JsonValue, StoredUser } from '../core/index.js'

/** The tokens and answers a case can expect claims of. */
export type ClaimsTestTarget = 'idToken' | 'accessToken' | 'userinfo' | 'introspection'

/** The targets, in the order reports list them. */
export const CLAIMS_TEST_TARGETS: readonly ClaimsTestTarget[] = Object.freeze([
  'idToken',
  'accessToken',
  'userinfo',
  'introspection',
])

/** What a case expects; every part is optional. */
export interface ClaimsTestExpectation {
  readonly idToken?: Readonly<Record<string, JsonValue>> | undefined
  readonly accessToken?: Readonly<Record<string, JsonValue>> | undefined
  readonly userinfo?: Readonly<Record<string, JsonValue>> | undefined
  /** The claims of the introspection answer, without its RFC 7662 members. */
  readonly introspection?: Readonly<Record<string, JsonValue>> | undefined
  readonly absent?: Partial<Record<ClaimsTestTarget, readonly string[] | undefined>> | undefined
  /** The named targets carry only the claims listed. */
  readonly exact?: boolean | undefined
  readonly refused?: boolean | undefined
}

/**
 * One case of a tests file, with its defaults applied: a request as the
 * pre-token-generation trigger (and the userinfo and introspection endpoints) would get it, and
 * what its tokens must carry.
 */
export interface ClaimsTestCase {
  readonly name: string
  /** Where the case starts, for reports: the file and its 1-based line. */
  readonly file: string
  readonly line: number
  /** The case's index in the file's `tests`. */
  readonly index: number
  /** Absent for client credentials. */
  readonly sub: string | undefined
  readonly clientId: string
  /** Absent: the client's allowedScopes. */
  readonly scopes: readonly string[] | undefined
  readonly version: '1' | '2' | '3'
  readonly triggerSource: PreTokenGenerationTriggerSource
  readonly attributes: Readonly<Record<string, string>>
  /** The user's record for this case alone; absent: the configuration's (or table's). */
  readonly user: StoredUser | undefined
  /** Absent when the case has no `expect` (what `--update` fills in). */
  readonly expect: ClaimsTestExpectation | undefined
}
