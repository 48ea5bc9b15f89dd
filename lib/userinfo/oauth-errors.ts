import { ClaimsmithError } from '../core/index.js'

/**
 * An error the userinfo endpoint answers with (RFC 6750 section 3.1, OpenID Connect
 * Core 5.3.3), after node-oidc-provider: `error` is the OAuth error code,
 * `status` the HTTP status, and `expose` says whether `message` may reach the
 * client. A 5xx never exposes its message: the client gets a fixed text and
 * the cause goes to the logs.
 *
 * @example
 * if (error instanceof OAuthError && error.expose) body.error_description = error.message
 */
export abstract class OAuthError extends ClaimsmithError {
  override readonly name: string = 'OAuthError'
  /** The OAuth error code sent as `error`. */
  abstract readonly error: string
  abstract readonly status: number

  get expose(): boolean {
    return this.status < 500
  }
}

/**
 * The request is malformed (RFC 6750 section 3.1): a token in the query string, two
 * tokens, an Authorization header that is not `Bearer <b64token>`.
 *
 * @example
 * throw new InvalidRequest('an access token must not be sent in the query string')
 */
export class InvalidRequest extends OAuthError {
  override readonly name: string = 'InvalidRequest'
  override readonly error = 'invalid_request'
  override readonly status = 400

  constructor(description: string, options?: ErrorOptions) {
    super('OAUTH_INVALID_REQUEST', description, options)
  }
}

/**
 * The access token is expired, revoked, malformed or invalid for another
 * reason, or its user is no longer active.
 *
 * @example
 * throw new InvalidToken('the access token has expired')
 */
export class InvalidToken extends OAuthError {
  override readonly name: string = 'InvalidToken'
  override readonly error = 'invalid_token'
  override readonly status = 401

  constructor(description: string, options?: ErrorOptions) {
    super('OAUTH_INVALID_TOKEN', description, options)
  }
}

/**
 * No access token was sent at all (or only credentials of another scheme).
 * RFC 6750 section 3.1: the challenge then carries no error code, so the response is
 * a bare `WWW-Authenticate: Bearer realm="…"`.
 *
 * @example
 * if (token === undefined) throw new TokenRequired()
 */
export class TokenRequired extends OAuthError {
  override readonly name: string = 'TokenRequired'
  override readonly error = 'invalid_token'
  override readonly status = 401

  constructor() {
    super('OAUTH_TOKEN_REQUIRED', 'an access token is required')
  }
}

/**
 * The token is valid but lacks a scope the endpoint needs (`openid`).
 *
 * @example
 * throw new InsufficientScope('the access token lacks the openid scope', 'openid')
 */
export class InsufficientScope extends OAuthError {
  override readonly name: string = 'InsufficientScope'
  override readonly error = 'insufficient_scope'
  override readonly status = 403
  /** The scope the request needs, sent as the challenge's `scope` attribute. */
  readonly scope: string

  constructor(description: string, scope: string) {
    super('OAUTH_INSUFFICIENT_SCOPE', description)
    this.scope = scope
  }
}

/**
 * The request used a method the endpoint does not serve; `allow` becomes the
 * `Allow` header (RFC 9110 section 15.5.6).
 *
 * @example
 * throw new MethodNotAllowed(['GET', 'POST'])
 */
export class MethodNotAllowed extends OAuthError {
  override readonly name: string = 'MethodNotAllowed'
  override readonly error = 'invalid_request'
  override readonly status = 405
  readonly allow: readonly string[]

  constructor(allow: readonly string[]) {
    super('OAUTH_METHOD_NOT_ALLOWED', `this endpoint accepts ${allow.join(' and ')}`)
    this.allow = allow
  }
}

/**
 * A dependency (the key set, the configuration, the claims store) failed or
 * ran out of time; a retry may succeed.
 *
 * @example
 * throw new TemporarilyUnavailable('claims store unavailable', { cause: error })
 */
export class TemporarilyUnavailable extends OAuthError {
  override readonly name: string = 'TemporarilyUnavailable'
  override readonly error = 'temporarily_unavailable'
  override readonly status = 503

  constructor(message: string, options?: ErrorOptions) {
    super('OAUTH_TEMPORARILY_UNAVAILABLE', message, options)
  }
}

/**
 * Anything the endpoint did not expect; its message and cause are for logs only.
 *
 * @example
 * throw new ServerError('profile service failed', { cause: error })
 */
export class ServerError extends OAuthError {
  override readonly name: string = 'ServerError'
  override readonly error = 'server_error'
  override readonly status = 500

  constructor(message: string, options?: ErrorOptions) {
    super('OAUTH_SERVER_ERROR', message, options)
  }
}
