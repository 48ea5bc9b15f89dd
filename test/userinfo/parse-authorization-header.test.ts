import { describe, expect, it } from 'vitest'
import {
  InvalidRequest,
  MAX_AUTHORIZATION_HEADER_LENGTH,
  parseAuthorizationHeader,
} from '../../lib/userinfo/index.js'

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'

describe('parseAuthorizationHeader', () => {
  it.each([
    ['Bearer with one space', `Bearer ${JWT}`, JWT],
    ['a lower-case scheme', `bearer ${JWT}`, JWT],
    ['a mixed-case scheme', `BeArEr ${JWT}`, JWT],
    ['several spaces (1*SP)', `Bearer    ${JWT}`, JWT],
    ['surrounding whitespace a proxy left', `  Bearer ${JWT}\t`, JWT],
    ['b64token padding and symbols', 'Bearer a-b.c_d~e+f/g==', 'a-b.c_d~e+f/g=='],
  ])('reads the token from %s', (_name, header, token) => {
    expect(parseAuthorizationHeader(header)).toEqual({ scheme: 'bearer', token })
  })

  it('reports no credentials when the header is absent', () => {
    expect(parseAuthorizationHeader(undefined)).toEqual({ scheme: 'none' })
  })

  it.each(['Basic YTpi', 'DPoP abc', 'Negotiate'])('reports another scheme for %s', (header) => {
    expect(parseAuthorizationHeader(header)).toEqual({ scheme: 'other' })
  })

  it.each([
    ['Bearer alone', 'Bearer', 'the Authorization header carries no bearer token'],
    ['Bearer and a space', 'Bearer ', 'the Authorization header carries no bearer token'],
    ['an empty header', '', 'the Authorization header is malformed'],
    ['a tab separator', `Bearer\t${JWT}`, 'the Authorization header is malformed'],
    [
      'extra parts',
      `Bearer ${JWT} more`,
      'the bearer token in the Authorization header is malformed',
    ],
    [
      'two joined headers',
      `Bearer ${JWT}, Bearer ${JWT}`,
      'the bearer token in the Authorization header is malformed',
    ],
    [
      'padding inside the token',
      'Bearer ab=cd',
      'the bearer token in the Authorization header is malformed',
    ],
    ['a quoted token', 'Bearer "abc"', 'the bearer token in the Authorization header is malformed'],
    ['a scheme with a space before it', ' =Bearer x', 'the Authorization header is malformed'],
  ])('refuses %s with invalid_request', (_name, header, message) => {
    expect(() => parseAuthorizationHeader(header)).toThrow(new InvalidRequest(message))
  })

  it('refuses a header over the limit without reading it', () => {
    const header = `Bearer ${'a'.repeat(MAX_AUTHORIZATION_HEADER_LENGTH)}`
    expect(() => parseAuthorizationHeader(header)).toThrow('the Authorization header is too large')
  })

  it('accepts a header of exactly the limit', () => {
    const token = 'a'.repeat(MAX_AUTHORIZATION_HEADER_LENGTH - 'Bearer '.length)
    expect(parseAuthorizationHeader(`Bearer ${token}`)).toEqual({ scheme: 'bearer', token })
  })
})
