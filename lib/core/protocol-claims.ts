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

/** Why a claim type can never be emitted, or `undefined` when it can. */
export type ClaimTypeRestriction = 'protocol' | 'reserved'

/**
 * Whether a claim type may never be emitted, and why.
 *
 * @example
 * claimTypeRestriction('cognito:groups') // 'reserved'
 * claimTypeRestriction('tenant_id') // undefined
 */
export function claimTypeRestriction(type: string): ClaimTypeRestriction | undefined {
  // Runs for every claim of every token, more than once: no closure, no allocation.
  if (PROTOCOL_CLAIM_TYPES.has(type)) return 'protocol'
  if (COGNITO_RESERVED_CLAIM_TYPES.has(type)) return 'reserved'
  for (const prefix of COGNITO_RESERVED_CLAIM_PREFIXES) {
    if (type.startsWith(prefix)) return 'reserved'
  }
  return undefined
}

/** Whether a claim of this type may be emitted at all. */
export function isEmittableClaimType(type: string): boolean {
  return claimTypeRestriction(type) === undefined
}
