import { type Environment, EnvironmentReader, SettingsError } from '../settings/index.js'

/** How access tokens are verified: the settings userinfo and introspection share. */
export interface TokenVerificationSettings {
  /** The exact `iss` the access tokens must carry. */
  readonly issuer: string
  /** Where the issuer's signing keys are published. */
  readonly jwksUrl: URL
  /** Leeway for `exp` and `nbf`, in seconds. */
  readonly clockToleranceSeconds: number
}

/** The userinfo endpoint's settings, read once at cold start. */
export interface UserInfoSettings extends TokenVerificationSettings {
  /** When set, only access tokens whose `client_id` is listed are accepted. */
  readonly allowedClientIds: ReadonlySet<string> | undefined
  /** Origins browsers may call the endpoint from; empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[]
  /** How long before the invocation's deadline the store is abandoned. */
  readonly deadlineMarginMs: number
}

const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/
const CORS_ORIGIN = /^https?:\/\/(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?$/
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Reads and validates the userinfo settings. The issuer is `ISSUER`, or the
 * Cognito issuer of `USER_POOL_ID`; the key set is `JWKS_URL`, or the issuer's
 * `/.well-known/jwks.json`. A bad value throws a SettingsError naming the
 * variable, so a misconfigured function fails its cold start instead of
 * answering requests.
 *
 * @example
 * const settings = readUserInfoSettings({ USER_POOL_ID: 'eu-west-1_AbC123' })
 * settings.issuer // 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123'
 */
export function readUserInfoSettings(env: Environment): UserInfoSettings {
  const read = new EnvironmentReader(env)
  const allowedClientIds = read.list('USERINFO_ALLOWED_CLIENT_IDS')
  const corsOrigins = read.list('USERINFO_CORS_ORIGINS')
  for (const origin of corsOrigins) {
    if (origin !== '*' && !CORS_ORIGIN.test(origin)) {
      throw new SettingsError(
        'USERINFO_CORS_ORIGINS',
        `"${origin}" is not an origin (scheme://host[:port], "*" or https://*.example.com)`,
      )
    }
  }
  return {
    ...readTokenVerificationSettings(env),
    allowedClientIds: allowedClientIds.length > 0 ? new Set(allowedClientIds) : undefined,
    corsOrigins,
    deadlineMarginMs: read.integer('DEADLINE_MARGIN_MS', { default: 500, min: 0, max: 10_000 }),
  }
}

/**
 * Reads ISSUER (or USER_POOL_ID), JWKS_URL and USERINFO_CLOCK_TOLERANCE_SECONDS:
 * how every endpoint of the stack verifies a Cognito access token, so
 * userinfo and introspection accept exactly the same tokens.
 *
 * @example
 * readTokenVerificationSettings({ ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123' }).clockToleranceSeconds // 5
 */
export function readTokenVerificationSettings(env: Environment): TokenVerificationSettings {
  const read = new EnvironmentReader(env)
  const issuer = readIssuer(read)
  const jwksUrlSetting = read.optionalString('JWKS_URL')
  const jwksUrl =
    jwksUrlSetting === undefined
      ? new URL(`${issuer}/.well-known/jwks.json`)
      : parseEndpointUrl('JWKS_URL', jwksUrlSetting)
  return {
    issuer,
    jwksUrl,
    clockToleranceSeconds: read.integer('USERINFO_CLOCK_TOLERANCE_SECONDS', {
      default: 5,
      min: 0,
      max: 120,
    }),
  }
}

function readIssuer(read: EnvironmentReader): string {
  const issuer = read.optionalString('ISSUER')
  if (issuer !== undefined) {
    // `iss` is compared exactly, so a trailing slash here would reject every token.
    if (issuer.endsWith('/')) throw new SettingsError('ISSUER', 'must not end with "/"')
    parseEndpointUrl('ISSUER', issuer)
    return issuer
  }
  const userPoolId = read.optionalString('USER_POOL_ID')
  if (userPoolId === undefined) {
    throw new SettingsError('ISSUER', 'is required when USER_POOL_ID is not set')
  }
  const region = USER_POOL_ID.exec(userPoolId)?.[1]
  if (region === undefined) {
    throw new SettingsError('USER_POOL_ID', `must look like "<region>_<id>", got "${userPoolId}"`)
  }
  // The region comes from the pool id, not AWS_REGION: that is the function's
  // region, and a function may serve a pool in another one.
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`
}

/** An absolute https URL; plain http only on loopback, for the local stack and tests. */
function parseEndpointUrl(variable: string, value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(variable, `must be an absolute URL, got "${value}"`)
  }
  const secure = url.protocol === 'https:'
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  if (!secure && !loopback) {
    throw new SettingsError(
      variable,
      `must be an https URL (http only on loopback), got "${value}"`,
    )
  }
  return url
}
