import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createRemoteJWKSet, importJWK, type JWK, jwtVerify, SignJWT } from 'jose'

/** The key id cognito-local 5.3.0 signs every token with, and publishes in each pool's JWKS. */
export const COGNITO_LOCAL_KEY_ID = 'CognitoLocal'

/** Settings for `issueLocalAccessToken`. */
export interface IssueLocalAccessTokenOptions {
  /** An access token cognito-local issued at a sign-in. */
  readonly accessToken: string
  /** The pool's issuer and key set, as the userinfo function is configured. */
  readonly issuer: string
  readonly jwksUrl: string
  /** The app client the token must have been issued to. */
  readonly clientId: string
  /** The scopes the new token carries: the ones managed login grants the app client. */
  readonly scopes: readonly string[]
}

/** An access token with the scopes of a managed-login sign-in. */
export interface LocalAccessToken {
  readonly token: string
  readonly scope: string
  readonly expiresAt: Date
}

async function cognitoLocalSigningKey() {
  const path = createRequire(import.meta.url).resolve(
    'cognito-local/lib/keys/cognitoLocal.private.json',
  )
  const { jwk } = JSON.parse(await readFile(path, 'utf8')) as { jwk: JWK }
  return importJWK(jwk, 'RS256')
}

/**
 * The access token Cognito's managed login (its authorization endpoint)
 * would have given for a sign-in that cognito-local performed. cognito-local
 * 5.3.0 writes the scope `aws.cognito.signin.user.admin` into every access
 * token, from its /oauth2/token as well, so userinfo refuses all of them
 * with `insufficient_scope`. This verifies such a token against the pool's
 * key set (issuer, RS256, `token_use` access, the app client), then signs a
 * copy with `scope` set to `scopes` and a new `jti`, with cognito-local's own
 * key (shipped in its package), so the pool's JWKS verifies it and userinfo
 * checks it exactly as it checks any token of the pool. Every other claim,
 * `exp` included, is the original's. For the local stack only: the key is
 * public, so such a token proves nothing anywhere else.
 *
 * @example
 * const { token } = await issueLocalAccessToken({ accessToken, issuer, jwksUrl, clientId, scopes: ['openid', 'tenant'] })
 */
export async function issueLocalAccessToken(
  options: IssueLocalAccessTokenOptions,
): Promise<LocalAccessToken> {
  const { payload } = await jwtVerify(
    options.accessToken,
    createRemoteJWKSet(new URL(options.jwksUrl)),
    { issuer: options.issuer, algorithms: ['RS256'] },
  )
  if (payload.token_use !== 'access')
    throw new TypeError('issueLocalAccessToken: not an access token')
  if (payload.client_id !== options.clientId) {
    throw new TypeError(`issueLocalAccessToken: the token was issued to another app client`)
  }
  if (typeof payload.exp !== 'number') throw new TypeError('issueLocalAccessToken: no exp')
  const scope = options.scopes.join(' ')
  const token = await new SignJWT({ ...payload, scope, jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', kid: COGNITO_LOCAL_KEY_ID, typ: 'JWT' })
    .sign(await cognitoLocalSigningKey())
  return { token, scope, expiresAt: new Date(payload.exp * 1000) }
}
