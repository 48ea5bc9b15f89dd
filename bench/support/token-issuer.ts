import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

/** A stand-in for a Cognito user pool's token signing: its keys served on loopback. */
export interface TokenIssuer {
  /** The `iss` of the tokens, an http URL on loopback (as the userinfo settings allow there). */
  readonly issuer: string
  /** Where the key set is served, as `JWKS_URL`. */
  readonly jwksUrl: string
  /** Key set requests answered so far: with the key set cached, one per process. */
  readonly jwksRequests: number
  /** A Cognito-shaped access token for `sub` and `clientId`, valid for an hour. */
  accessToken(sub: string, clientId: string, scopes: readonly string[]): Promise<string>
  close(): Promise<void>
}

/**
 * Generates an RS256 key pair and serves its public half as a JWKS on
 * 127.0.0.1 and a free port, as Cognito serves `/.well-known/jwks.json`.
 *
 * @example
 * const issuer = await startTokenIssuer()
 * const token = await issuer.accessToken(sub, clientId, ['openid', 'profile'])
 */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const kid = 'bench-key-1'
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  })
  let jwksRequests = 0
  const server = createServer((_request, response) => {
    jwksRequests += 1
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(jwks)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const issuer = `${base}/us-east-1_BENCH`
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    get jwksRequests() {
      return jwksRequests
    },
    accessToken(sub, clientId, scopes) {
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({
        sub,
        client_id: clientId,
        token_use: 'access',
        scope: scopes.join(' '),
        auth_time: now,
        origin_jti: '5f1b6c1e-0000-4000-8000-000000000001',
        event_id: '5f1b6c1e-0000-4000-8000-000000000002',
        jti: '5f1b6c1e-0000-4000-8000-000000000003',
        username: 'JaneDoe',
        version: 2,
      })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey)
    },
    async close() {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}
