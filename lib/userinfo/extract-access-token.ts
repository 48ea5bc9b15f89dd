import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { InvalidRequest, TokenRequired } from './oauth-errors.js'
import { parseAuthorizationHeader } from './parse-authorization-header.js'
import { readFormBody } from './read-form-body.js'

/**
 * Finds the one access token of a userinfo request (RFC 6750 section 2,
 * OpenID Connect Core 5.3.1): in the Authorization header, or on POST in an
 * `application/x-www-form-urlencoded` body as `access_token`. A token in the
 * query string is refused and never used, since URLs end up in logs and
 * browser history (RFC 6750 section 2.3 discourages it; OpenID Connect does not
 * list it). More than one token is invalid_request (RFC 6750 section 2); none is
 * `TokenRequired`. Expects lower-case header names (API Gateway's payload 2.0,
 * or the header normalizer).
 *
 * @example
 * const token = extractAccessToken(event) // throws InvalidRequest or TokenRequired
 */
export function extractAccessToken(event: APIGatewayProxyEventV2): string {
  if (hasQueryToken(event)) {
    throw new InvalidRequest('an access token must not be sent in the query string')
  }
  const header = parseAuthorizationHeader(event.headers?.authorization)
  const fromHeader = header.scheme === 'bearer' ? [header.token] : []
  const fromBody =
    event.requestContext.http.method.toUpperCase() === 'POST' ? formTokens(event) : []
  const tokens = [...fromHeader, ...fromBody]
  if (tokens.length > 1) {
    throw new InvalidRequest('send one access token, in the Authorization header or the form body')
  }
  const [token] = tokens
  if (token === undefined) throw new TokenRequired()
  return token
}

function hasQueryToken(event: APIGatewayProxyEventV2): boolean {
  if (event.queryStringParameters && Object.hasOwn(event.queryStringParameters, 'access_token')) {
    return true
  }
  return new URLSearchParams(event.rawQueryString ?? '').has('access_token')
}

function formTokens(event: APIGatewayProxyEventV2): string[] {
  return readFormBody(event)?.tokens('access_token') ?? []
}
