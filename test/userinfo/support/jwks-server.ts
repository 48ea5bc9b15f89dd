import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JWK } from 'jose'

/** A key set served on loopback, as Cognito serves `/.well-known/jwks.json`. */
export interface JwksServer {
  /** The server's base URL; every path answers with the key set. */
  readonly url: URL
  /** The requests it has answered. */
  readonly requests: number
  /** Serves these keys from now on (a key rotation). */
  setKeys(keys: readonly JWK[]): void
  /** Answers every request with this status and no key set, until `recover()`. */
  fail(status: number): void
  recover(): void
  close(): Promise<void>
}

/**
 * Starts a JWKS server on 127.0.0.1 and a free port.
 *
 * @example
 * const jwks = await startJwksServer([key.publicJwk])
 * const issuer = new URL('/pool', jwks.url).href
 */
export async function startJwksServer(initialKeys: readonly JWK[]): Promise<JwksServer> {
  let keys = [...initialKeys]
  let failure: number | undefined
  let requests = 0
  const server = createServer((_request, response) => {
    requests += 1
    if (failure !== undefined) {
      response.writeHead(failure, { 'content-type': 'text/plain' })
      response.end('upstream trouble at 10.0.0.7')
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ keys }))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    get requests() {
      return requests
    },
    setKeys(next) {
      keys = [...next]
    },
    fail(status) {
      failure = status
    },
    recover() {
      failure = undefined
    },
    async close() {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedLoopbackPort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}
