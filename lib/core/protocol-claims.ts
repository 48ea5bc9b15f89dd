/**
 * Claims the protocol owns (Duende's filter): never requested from a profile
 * service and never emitted by one.
 */
export const PROTOCOL_CLAIM_TYPES: ReadonlySet<string> = new Set([
  'at_hash',
  'aud',
  'amr',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cnf',
  'exp',
  'iat',
  'idp',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'reference_token_id',
  'scope',
  'sid',
  'sub',
])

/**
 * Claims a Cognito pre-token-generation trigger may not add or change through
 * `claimsToAddOrOverride`, per the "Claims and scopes reference" of the Cognito
 * developer guide's pre token generation page. Groups and roles change only
 * through groupOverrideDetails, scopes only through scopesToAdd/Suppress.
 */
export const COGNITO_RESERVED_CLAIM_TYPES: ReadonlySet<string> = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'client_id',
  'cognito:groups',
  'cognito:preferred_role',
  'cognito:roles',
  'cognito:username',
  'device_key',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
])

/** The prefix of developer-only attributes, which Cognito lets no trigger add or change. */
export const COGNITO_RESERVED_CLAIM_PREFIX = 'dev:'

/**
 * Cognito reserves every claim type under these prefixes: "Any other claim with
 * a `cognito:` prefix" and "`dev:` attribute" can't be added or modified.
 */
export const COGNITO_RESERVED_CLAIM_PREFIXES: readonly string[] = Object.freeze([
  'cognito:',
  COGNITO_RESERVED_CLAIM_PREFIX,
])

/**
 * Why a claim type can never be emitted. `protocol` and `reserved` also
 * match in any case (`Sub`, `COGNITO:GROUPS`): consumers that compare claim
 * names without case would read them as the real one. The other three are
 * types that only look harmless: a control character, a Unicode format
 * character (zero-width space, joiner, bidirectional mark, …) or white
 * space (anywhere, including around the type) makes two different names
 * print alike.
 */
export type ClaimTypeRestriction =
  | 'protocol'
  | 'reserved'
  | 'control-character'
  | 'format-character'
  | 'whitespace'

const CONTROL = /\p{Cc}/u
const FORMAT = /\p{Cf}/u
const WHITESPACE = /[\s\p{Z}]/u

function restrictedName(type: string): ClaimTypeRestriction | undefined {
  if (PROTOCOL_CLAIM_TYPES.has(type)) return 'protocol'
  if (COGNITO_RESERVED_CLAIM_TYPES.has(type)) return 'reserved'
  for (const prefix of COGNITO_RESERVED_CLAIM_PREFIXES) {
    if (type.startsWith(prefix)) return 'reserved'
  }
  return undefined
}

/**
 * The rule a type breaks when it is not plain lower-case printable ASCII:
 * the character rules first, then the names in any case. Upper-casing before
 * lower-casing folds the letters that only upper-case to ASCII (`ſ` to `s`,
 * the Kelvin sign to `k`).
 */
function restrictionOfUnusual(type: string): ClaimTypeRestriction | undefined {
  if (CONTROL.test(type)) return 'control-character'
  if (FORMAT.test(type)) return 'format-character'
  if (WHITESPACE.test(type)) return 'whitespace'
  return restrictedName(type.toLowerCase()) ?? restrictedName(type.toUpperCase().toLowerCase())
}

/**
 * Whether a claim type may never be emitted, and why. The one definition the
 * writers (validator, `apply`, `users import`, `users set-claim`) and the
 * runtime filter share.
 *
 * @example
 * claimTypeRestriction('cognito:groups') // 'reserved'
 * claimTypeRestriction('COGNITO:GROUPS') // 'reserved'
 * claimTypeRestriction('tenant\u200bid') // 'format-character'
 * claimTypeRestriction('tenant_id') // undefined
 */
export function claimTypeRestriction(type: string): ClaimTypeRestriction | undefined {
  // Runs for every claim of every token, more than once: plain lower-case
  // printable ASCII, nearly every type, takes one pass over the code units
  // and the exact-name lookups, with no allocation.
  for (let at = 0; at < type.length; at++) {
    const code = type.charCodeAt(at)
    if (code <= 0x20 || code >= 0x7f || (code >= 0x41 && code <= 0x5a)) {
      return restrictionOfUnusual(type)
    }
  }
  return restrictedName(type)
}

/** Whether a claim of this type may be emitted at all. */
export function isEmittableClaimType(type: string): boolean {
  return claimTypeRestriction(type) === undefined
}
