import { type Environment, EnvironmentReader, SettingsError } from '../settings/index.js'
import { readTokenVerificationSettings, type TokenVerificationSettings } from '../userinfo/index.js'

/** The introspection endpoint's settings, read once at cold start. */
export interface IntrospectionSettings extends TokenVerificationSettings {
  /** The scope a caller's access token must carry to introspect. */
  readonly scope: string
  /** When set, only callers whose token's `client_id` is listed may introspect. */
  readonly allowedClientIds: ReadonlySet<string> | undefined
  /** How long before the invocation's deadline the store is abandoned. */
  readonly deadlineMarginMs: number
}

/** The scope callers need unless INTROSPECTION_SCOPE names another. */
export const DEFAULT_INTROSPECTION_SCOPE = 'claimsmith/introspect'

// RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

/**
 * Reads and validates the introspection settings: the token verification
 * settings userinfo reads (ISSUER or USER_POOL_ID, JWKS_URL,
 * USERINFO_CLOCK_TOLERANCE_SECONDS), INTROSPECTION_SCOPE,
 * INTROSPECTION_ALLOWED_CLIENT_IDS and DEADLINE_MARGIN_MS. A bad value throws
 * a SettingsError naming the variable, failing the cold start.
 *
 * @example
 * readIntrospectionSettings({ USER_POOL_ID: 'eu-west-1_AbC123' }).scope // 'claimsmith/introspect'
 */
export function readIntrospectionSettings(env: Environment): IntrospectionSettings {
  const read = new EnvironmentReader(env)
  const scope = read.optionalString('INTROSPECTION_SCOPE') ?? DEFAULT_INTROSPECTION_SCOPE
  if (!SCOPE_TOKEN.test(scope)) {
    throw new SettingsError('INTROSPECTION_SCOPE', `"${scope}" is not one OAuth scope`)
  }
  const allowedClientIds = read.list('INTROSPECTION_ALLOWED_CLIENT_IDS')
  return {
    ...readTokenVerificationSettings(env),
    scope,
    allowedClientIds: allowedClientIds.length > 0 ? new Set(allowedClientIds) : undefined,
    deadlineMarginMs: read.integer('DEADLINE_MARGIN_MS', { default: 500, min: 0, max: 10_000 }),
  }
}
