import { createLocalJWKSet } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  createAccessTokenVerifier,
  isClientCredentialsToken,
  unverifiedAccessToken,
  unverifiedSubject,
} from '../../lib/userinfo/verify-access-token.js'
import { accessTokenClaims, createSigningKey, forgeJws, sign } from './support/tokens.js'

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Hint'
const OPTIONS = { issuer: ISSUER, clockToleranceSeconds: 5, requiredScope: 'openid' }
const NOW = Math.floor(Date.now() / 1000)

/** An unsigned token: the hint never looks at the signature. */
const token = (overrides: Record<string, unknown> = {}) =>
  forgeJws({ alg: 'RS256', kid: 'k' }, accessTokenClaims(ISSUER, 'user-1', overrides))

describe('unverifiedSubject', () => {
  it('gives the sub of a token whose claims would pass every check but the signature', () => {
    expect(unverifiedSubject(token(), OPTIONS, NOW)).toBe('user-1')
    expect(
      unverifiedSubject(
        token({ client_id: 'web-app' }),
        { ...OPTIONS, allowedClientIds: new Set(['web-app']) },
        NOW,
      ),
    ).toBe('user-1')
  })

  it.each([
    ['an ID token', { token_use: 'id' }],
    ['another issuer', { iss: 'https://evil.example.com' }],
    ['no exp', { exp: undefined }],
    ['an exp that is a string', { exp: String(NOW + 60) }],
    ['an exp past the clock tolerance', { exp: NOW - 6 }],
    ['no sub', { sub: undefined }],
    ['an empty sub', { sub: '' }],
    ['a sub that is a list', { sub: ['user-1'] }],
    ['no client_id', { client_id: undefined }],
    ['an empty client_id', { client_id: '' }],
    ['no scope', { scope: undefined }],
    ['no openid scope', { scope: 'profile email' }],
    ['openid only as part of another scope', { scope: 'openid:x profile' }],
  ])('gives nothing for %s', (_case, overrides) => {
    expect(unverifiedSubject(token(overrides), OPTIONS, NOW)).toBeUndefined()
  })

  it('gives nothing for a client the endpoint does not serve', () => {
    expect(
      unverifiedSubject(token(), { ...OPTIONS, allowedClientIds: new Set(['other']) }, NOW),
    ).toBeUndefined()
  })

  it('keeps an exp within the clock tolerance', () => {
    expect(unverifiedSubject(token({ exp: NOW - 4 }), OPTIONS, NOW)).toBe('user-1')
  })

  it.each([
    ['an empty string', ''],
    ['one segment', 'abc'],
    ['a payload that is not JSON', 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln'],
    ['a payload that is a list', forgeJws({ alg: 'RS256' }, [] as never)],
  ])('gives nothing, and throws nothing, for %s', (_case, text) => {
    expect(unverifiedSubject(text, OPTIONS, NOW)).toBeUndefined()
  })

  it('accepts exactly the tokens the verifier accepts with the openid scope', async () => {
    const key = await createSigningKey('k')
    const options = { ...OPTIONS, allowedClientIds: new Set(['web-app']) }
    const verify = createAccessTokenVerifier({
      ...options,
      keySet: createLocalJWKSet({ keys: [key.publicJwk] }),
    })
    const cases: Record<string, unknown>[] = [
      {},
      { token_use: 'id' },
      { token_use: undefined },
      { sub: 42 },
      { sub: '' },
      { client_id: 'other' },
      { client_id: ['web-app'] },
      { scope: 42 },
      { scope: undefined },
      { scope: 'profile' },
      { scope: '  openid  ' },
      { iss: `${ISSUER}/` },
      { exp: Math.floor(Date.now() / 1000) - 60 },
    ]
    for (const overrides of cases) {
      const signed = await sign(key, accessTokenClaims(ISSUER, 'user-1', overrides))
      const verified = await verify(signed).then(
        (token) => (token.scopes.includes('openid') ? token.sub : undefined),
        () => undefined,
      )
      expect({ overrides, sub: unverifiedSubject(signed, options) }).toEqual({
        overrides,
        sub: verified,
      })
    }
  })
})

describe('unverifiedSubject for a client-credentials token', () => {
  const clientToken = token({ sub: 'orders-api', client_id: 'orders-api', username: undefined })

  it('gives nothing: the token names no user to read', () => {
    const options = { issuer: ISSUER, clockToleranceSeconds: 5 }
    expect(unverifiedSubject(clientToken, options, NOW)).toBeUndefined()
    expect(unverifiedAccessToken(clientToken, options, NOW)).toMatchObject({ sub: 'orders-api' })
  })

  it('tells a client token from a user token of the same client', () => {
    expect(isClientCredentialsToken({ sub: 'orders-api', client_id: 'orders-api' })).toBe(true)
    expect(
      isClientCredentialsToken({ sub: 'orders-api', client_id: 'orders-api', username: 'x' }),
    ).toBe(false)
    expect(isClientCredentialsToken({ sub: 'user-1', client_id: 'orders-api' })).toBe(false)
  })
})

describe('unverifiedAccessToken', () => {
  it('requires no scope unless told, and then exactly that scope', () => {
    const ordersOnly = token({ scope: 'orders/read' })
    const options = { issuer: ISSUER, clockToleranceSeconds: 5 }
    expect(unverifiedAccessToken(ordersOnly, options, NOW)).toMatchObject({ sub: 'user-1' })
    expect(
      unverifiedAccessToken(ordersOnly, { ...options, requiredScope: 'orders/read' }, NOW),
    ).toMatchObject({ sub: 'user-1' })
    expect(
      unverifiedAccessToken(
        ordersOnly,
        { ...options, requiredScope: 'claimsmith/introspect' },
        NOW,
      ),
    ).toBeUndefined()
  })
})
