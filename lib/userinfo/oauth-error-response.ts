import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { NO_STORE_HEADERS, noStoreJsonResponse } from './json-endpoint.js'
import {
  InsufficientScope,
  MethodNotAllowed,
  OAuthError,
  ServerError,
  TemporarilyUnavailable,
  TokenRequired,
} from './oauth-errors.js'

/** The realm of every challenge; a fixed name, so nothing about the deployment leaks. */
export const USERINFO_REALM = 'userinfo'

/** What a 5xx tells the client, whatever happened inside. */
const PUBLIC_DESCRIPTIONS: Readonly<Record<number, string>> = {
  500: 'the server met an unexpected condition',
  503: 'the service is temporarily unavailable, retry later',
}

/**
 * Any error as the OAuthError the client gets: an OAuthError as it is,
 * middy's early timeout as `TemporarilyUnavailable`, anything else as
 * `ServerError`, with the original kept as the cause for the logs.
 *
 * @example
 * const error = toOAuthError(new Error('boom')) // ServerError, status 500
 */
export function toOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new TemporarilyUnavailable('the invocation ran out of time', { cause: error })
  }
  return new ServerError('unexpected error', { cause: error })
}

/**
 * The HTTP answer to an OAuthError (RFC 6750 section 3, OpenID Connect Core 5.3.3):
 * the JSON body `{ error, error_description }`; for 400, 401 and 403 a
 * `WWW-Authenticate: Bearer` challenge with the same attributes (and
 * `scope` for insufficient_scope); for `TokenRequired` only the bare
 * challenge, as RFC 6750 section 3.1 asks when no token was sent; for 405 the
 * `Allow` header. A 5xx carries a fixed description, never the error's own.
 * `realm` names the endpoint in the challenge (default `userinfo`).
 *
 * @example
 * oauthErrorResponse(new InvalidToken('the access token has expired')).headers?.['WWW-Authenticate']
 * // 'Bearer realm="userinfo", error="invalid_token", error_description="the access token has expired"'
 */
export function oauthErrorResponse(
  error: OAuthError,
  realm: string = USERINFO_REALM,
): APIGatewayProxyStructuredResultV2 {
  if (error instanceof TokenRequired) {
    return {
      statusCode: error.status,
      headers: { ...NO_STORE_HEADERS, 'WWW-Authenticate': `Bearer realm="${realm}"` },
    }
  }
  const description = error.expose
    ? error.message
    : (PUBLIC_DESCRIPTIONS[error.status] ?? PUBLIC_DESCRIPTIONS[500])
  const headers: Record<string, string> = {}
  if (error instanceof MethodNotAllowed) {
    headers.Allow = error.allow.join(', ')
  } else if (error.status < 500) {
    const attributes = [
      `realm="${realm}"`,
      `error="${error.error}"`,
      `error_description="${quotable(description ?? '')}"`,
    ]
    if (error instanceof InsufficientScope) attributes.push(`scope="${quotable(error.scope)}"`)
    headers['WWW-Authenticate'] = `Bearer ${attributes.join(', ')}`
  }
  return noStoreJsonResponse(
    error.status,
    { error: error.error, error_description: description },
    headers,
  )
}

/** RFC 6750 section 3 allows only %x20-21 / %x23-5B / %x5D-7E inside these quoted strings. */
function quotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '')
}
