import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The loopback addresses the local servers may listen on. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost'])

/** Settings for `listenOnLoopback`. */
export interface ListenOnLoopbackOptions {
  /** Default `127.0.0.1`; anything but a loopback address is a TypeError. */
  readonly host?: string | undefined
  /** 0 picks a free port. */
  readonly port: number
  /** When `port` is taken, take a free one instead of failing. Default false. */
  readonly orFreePort?: boolean
}

/** A listening server and its base URL. */
export interface LoopbackServer {
  readonly server: Server
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly endpoint: string
  readonly port: number
}

/** Throws a TypeError unless `host` is a loopback address. */
export function requireLoopbackHost(owner: string, host: string): string {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new TypeError(`${owner}: host must be a loopback address (127.0.0.1, ::1 or localhost)`)
  }
  return host
}

/**
 * Listens with `listener` on a loopback address: the local servers have no
 * authentication, so they never listen on a network interface.
 *
 * @example
 * const { endpoint, server } = await listenOnLoopback(app, { port: 9229, orFreePort: true })
 */
export async function listenOnLoopback(
  listener: RequestListener | Server,
  options: ListenOnLoopbackOptions,
): Promise<LoopbackServer> {
  const host = requireLoopbackHost('listenOnLoopback', options.host ?? '127.0.0.1')
  if (!Number.isSafeInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new TypeError('listenOnLoopback: port must be an integer from 0 to 65535')
  }
  const server = typeof listener === 'function' ? createServer(listener) : listener
  try {
    await listen(server, options.port, host)
  } catch (error) {
    if (!(options.orFreePort && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')) throw error
    await listen(server, 0, host)
  }
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return { server, endpoint: `http://${urlHost}:${address.port}`, port: address.port }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

/**
 * A port that was free on 127.0.0.1 a moment ago, for children that need
 * theirs given up front: `preferred` when it is free (0 for any).
 */
export async function freeLoopbackPort(preferred = 0): Promise<number> {
  const probe = createServer()
  const { port } = await listenOnLoopback(probe, { port: preferred, orFreePort: true })
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}
