import { describe, expect, it } from 'vitest'
import {
  extractAccessToken,
  InvalidRequest,
  MAX_FORM_BODY_LENGTH,
  TokenRequired,
} from '../../lib/userinfo/index.js'
import { httpApiEvent } from './support/events.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe('extractAccessToken', () => {
  it('takes the token from the Authorization header on GET', () => {
    expect(extractAccessToken(httpApiEvent({ headers: { authorization: 'Bearer abc' } }))).toBe(
      'abc',
    )
  })

  it('takes the token from a form body on POST', () => {
    const event = httpApiEvent({ method: 'POST', headers: FORM, body: 'access_token=abc&x=1' })
    expect(extractAccessToken(event)).toBe('abc')
  })

  it('decodes a base64-encoded form body, as function URLs may send it', () => {
    const event = httpApiEvent({
      method: 'POST',
      headers: { 'content-type': 'Application/X-WWW-Form-URLEncoded;charset=utf-8' },
      body: Buffer.from('access_token=abc').toString('base64'),
      isBase64Encoded: true,
    })
    expect(extractAccessToken(event)).toBe('abc')
  })

  it('ignores a form body on GET, where RFC 6750 section 2.2 does not allow one', () => {
    const event = httpApiEvent({ headers: FORM, body: 'access_token=abc' })
    expect(() => extractAccessToken(event)).toThrow(TokenRequired)
  })

  it('ignores access_token in a body that is not a form', () => {
    const event = httpApiEvent({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'access_token=abc',
    })
    expect(() => extractAccessToken(event)).toThrow(TokenRequired)
  })

  it('refuses a token in the query string even with a valid header', () => {
    const event = httpApiEvent({
      headers: { authorization: 'Bearer abc' },
      rawQueryString: 'a=1&access_token=abc',
    })
    expect(() => extractAccessToken(event)).toThrow(
      new InvalidRequest('an access token must not be sent in the query string'),
    )
  })

  it('refuses a token in queryStringParameters when the raw query string is absent', () => {
    const event = httpApiEvent({ queryStringParameters: { access_token: 'abc' } })
    event.rawQueryString = undefined as unknown as string
    expect(() => extractAccessToken(event)).toThrow(InvalidRequest)
  })

  it('refuses a header token and a body token together', () => {
    const event = httpApiEvent({
      method: 'POST',
      headers: { ...FORM, authorization: 'Bearer abc' },
      body: 'access_token=abc',
    })
    expect(() => extractAccessToken(event)).toThrow(InvalidRequest)
  })

  it('refuses an empty access_token parameter', () => {
    const event = httpApiEvent({ method: 'POST', headers: FORM, body: 'access_token=' })
    expect(() => extractAccessToken(event)).toThrow('the access_token parameter is empty')
  })

  it('refuses a form body over the limit without decoding it', () => {
    const body = `access_token=abc&pad=${'x'.repeat(MAX_FORM_BODY_LENGTH)}`
    const event = httpApiEvent({ method: 'POST', headers: FORM, body })
    expect(() => extractAccessToken(event)).toThrow('the request body is too large')
  })

  it('throws TokenRequired when no token is sent', () => {
    expect(() => extractAccessToken(httpApiEvent())).toThrow(TokenRequired)
  })
})
