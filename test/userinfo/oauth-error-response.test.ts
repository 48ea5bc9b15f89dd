import { describe, expect, it } from 'vitest'
import {
  InsufficientScope,
  InvalidRequest,
  InvalidToken,
  MethodNotAllowed,
  type OAuthError,
  oauthErrorResponse,
  ServerError,
  TemporarilyUnavailable,
  TokenRequired,
  toOAuthError,
} from '../../lib/userinfo/index.js'

describe('OAuth error classes', () => {
  it.each([
    [new InvalidRequest('x'), 'invalid_request', 400, true],
    [new TokenRequired(), 'invalid_token', 401, true],
    [new InvalidToken('x'), 'invalid_token', 401, true],
    [new InsufficientScope('x', 'openid'), 'insufficient_scope', 403, true],
    [new MethodNotAllowed(['GET', 'POST']), 'invalid_request', 405, true],
    [new ServerError('x'), 'server_error', 500, false],
    [new TemporarilyUnavailable('x'), 'temporarily_unavailable', 503, false],
  ] as Array<
    [OAuthError, string, number, boolean]
  >)('gives %o its error code, status and expose = status < 500', (error, code, status, expose) => {
    expect(error.error).toBe(code)
    expect(error.status).toBe(status)
    expect(error.expose).toBe(expose)
    expect(error.name).toBe(error.constructor.name)
  })
})

describe('toOAuthError', () => {
  it('keeps an OAuthError as it is', () => {
    const error = new InvalidToken('x')
    expect(toOAuthError(error)).toBe(error)
  })

  it('turns a timeout into temporarily_unavailable with the cause kept', () => {
    const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' })
    const error = toOAuthError(timeout)
    expect(error).toBeInstanceOf(TemporarilyUnavailable)
    expect(error.cause).toBe(timeout)
  })

  it('turns anything else into server_error with the cause kept', () => {
    const error = toOAuthError('a string thrown by someone')
    expect(error).toBeInstanceOf(ServerError)
    expect(error.cause).toBe('a string thrown by someone')
  })
})

describe('oauthErrorResponse', () => {
  it('answers invalid_token with the RFC 6750 challenge and a JSON body', () => {
    expect(oauthErrorResponse(new InvalidToken('the access token has expired'))).toEqual({
      statusCode: 401,
      headers: {
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        'Content-Type': 'application/json',
        'WWW-Authenticate':
          'Bearer realm="userinfo", error="invalid_token", error_description="the access token has expired"',
      },
      body: '{"error":"invalid_token","error_description":"the access token has expired"}',
    })
  })

  it('answers a missing token with a bare challenge and no body', () => {
    expect(oauthErrorResponse(new TokenRequired())).toEqual({
      statusCode: 401,
      headers: {
        'Cache-Control': 'no-store',
        Pragma: 'no-cache',
        'WWW-Authenticate': 'Bearer realm="userinfo"',
      },
    })
  })

  it('keeps characters RFC 6750 forbids out of the challenge, not out of the body', () => {
    const response = oauthErrorResponse(new InvalidRequest('bad "quote" \\ and ünïcode'))
    expect(response.headers?.['WWW-Authenticate']).toContain(
      'error_description="bad quote  and ncode"',
    )
    expect(JSON.parse(response.body ?? '').error_description).toBe('bad "quote" \\ and ünïcode')
  })

  it('answers 405 with Allow and without a challenge', () => {
    const response = oauthErrorResponse(new MethodNotAllowed(['GET', 'POST']))
    expect(response.statusCode).toBe(405)
    expect(response.headers?.Allow).toBe('GET, POST')
    expect(response.headers?.['WWW-Authenticate']).toBeUndefined()
  })

  it.each([
    [new ServerError('table claims-prod is gone'), 500, 'the server met an unexpected condition'],
    [
      new TemporarilyUnavailable('DynamoDB throttled in 123456789012'),
      503,
      'the service is temporarily unavailable, retry later',
    ],
  ])('never shows the message of a %s', (error, status, description) => {
    const response = oauthErrorResponse(error)
    expect(response.statusCode).toBe(status)
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: error.error,
      error_description: description,
    })
    expect(response.headers?.['WWW-Authenticate']).toBeUndefined()
  })
})
