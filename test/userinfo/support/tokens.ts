import { randomUUID } from 'node:crypto'
import {
  base64url,
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose'

/** An RS256 key pair as Cognito uses: the private half signs, the public JWK goes in the JWKS. */
export interface SigningKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly publicJwk: JWK
  /** The public key as PEM text, for the HS256 key-confusion attack. */
  readonly publicPem: string
}

export async function createSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) }
}

/** The claims of a Cognito access token, valid for an hour from now. */
export function accessTokenClaims(
  issuer: string,
  sub: string,
  overrides: Record<string, unknown> = {},
): JWTPayload {
  const now = Math.floor(Date.now() / 1000)
  return {
    sub,
    iss: issuer,
    client_id: 'web-app',
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: 'openid profile email',
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    username: 'alice',
    ...overrides,
  }
}

/** Signs `claims` with `key` (RS256, its kid in the header); `undefined` values are left out. */
export async function sign(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const defined = Object.fromEntries(
    Object.entries(claims).filter(([, value]) => value !== undefined),
  )
  return new SignJWT(defined)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .sign(key.privateKey)
}

/** A compact JWS with any header and payload, and the given signature (empty by default). */
export function forgeJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature = '',
): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value))
  return `${encode(header)}.${encode(payload)}.${signature}`
}
