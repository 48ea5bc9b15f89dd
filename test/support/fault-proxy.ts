import { once } from 'node:events'
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

/** The DynamoDB errors the proxy can answer with, as DynamoDB sends them. */
export const DYNAMODB_ERRORS = Object.freeze({
  InternalServerError: {
    status: 500,
    type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error',
  },
  ThrottlingException: {
    status: 400,
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  ProvisionedThroughputExceededException: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
})

export type DynamoDbErrorName = keyof typeof DYNAMODB_ERRORS

/**
 * What the proxy does to a request:
 * - `pass`: forwards it;
 * - `latency`: forwards it after `delayMs`;
 * - `error`: answers at once with a DynamoDB error (JSON body with its
 *   `__type`, and the `x-amzn-ErrorType` header), never forwarding it;
 * - `reset`: forwards it, sends the status, headers and half the body, then
 *   resets the connection (TCP RST);
 * - `truncate`: forwards it, sends the status, headers (with the full
 *   Content-Length) and half the body, then closes the connection cleanly (FIN);
 * - `refuse`: stops listening and drops every open connection, so connecting
 *   to the port is refused, as when nothing listens there.
 */
export type Fault =
  | { readonly kind: 'pass' }
  | { readonly kind: 'latency'; readonly delayMs: number }
  | { readonly kind: 'error'; readonly error: DynamoDbErrorName }
  | { readonly kind: 'reset' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'refuse' }

export interface FaultOptions {
  /** Only requests for these operations (`GetItem`, `Query`, …) get the fault; default all. */
  readonly operations?: readonly string[]
  /** Only the first `times` matching requests get it, the rest pass; default every one. */
  readonly times?: number
}

/** A fault-injecting HTTP proxy on 127.0.0.1 in front of a DynamoDB endpoint. */
export interface FaultProxy {
  /** The proxy's endpoint, e.g. `http://127.0.0.1:41234`: give it to the client under test. */
  readonly endpoint: string
  /** Requests received (each retry counted), whatever happened to them. */
  readonly requests: number
  /** Connections accepted. */
  readonly connections: number
  /** Requests received for one operation (`GetItem`, `Query`, …). */
  count(operation: string): number
  /** The requests received, by operation. */
  snapshot(): Readonly<Record<string, number>>
  /** Requests that got the fault, not the pass-through. */
  readonly faulted: number
  /** From now on, applies `fault` (switching away from `refuse` listens again on the same port). */
  setFault(fault: Fault, options?: FaultOptions): Promise<void>
  /** Sets the counters back to zero. */
  resetCounts(): void
  close(): Promise<void>
}

const PASS: Fault = { kind: 'pass' }

function operationOf(headers: IncomingHttpHeaders): string {
  const target = headers['x-amz-target']
  const value = Array.isArray(target) ? target[0] : target
  return value?.split('.').at(-1) ?? 'unknown'
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

interface UpstreamResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/**
 * Starts a fault proxy on 127.0.0.1 and a free port, forwarding to `upstream`
 * (a loopback endpoint such as DynamoDB Local's). It passes everything until
 * `setFault` says otherwise.
 *
 * @example
 * const proxy = await startFaultProxy(table.endpoint)
 * const client = table.newClient({ endpoint: proxy.endpoint })
 * await proxy.setFault({ kind: 'error', error: 'ThrottlingException' }, { operations: ['GetItem'] })
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream)
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new TypeError('startFaultProxy: the upstream must be on loopback')
  }
  const agent = new Agent({ keepAlive: true })
  const sockets = new Set<Socket>()
  const counts = new Map<string, number>()
  const waits = new Set<AbortController>()
  let requests = 0
  let connections = 0
  let faulted = 0
  let fault: Fault = PASS
  let operations: ReadonlySet<string> | undefined
  let remaining = Number.POSITIVE_INFINITY
  let listening = false
  let port = 0

  const forward = (request: IncomingMessage, body: Buffer): Promise<UpstreamResponse> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: target.host, 'content-length': body.length },
        },
        (response) => {
          readAll(response).then(
            (responseBody) =>
              resolve({
                status: response.statusCode ?? 502,
                headers: response.headers,
                body: responseBody,
              }),
            reject,
          )
        },
      )
      outgoing.once('error', reject)
      outgoing.end(body)
    })

  const writeHead = (response: ServerResponse, upstreamResponse: UpstreamResponse) => {
    const headers = { ...upstreamResponse.headers }
    delete headers['transfer-encoding']
    delete headers.connection
    headers['content-length'] = String(upstreamResponse.body.length)
    response.writeHead(upstreamResponse.status, headers)
  }

  const writeHalf = (response: ServerResponse, body: Buffer) =>
    new Promise<void>((resolve) => {
      response.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => resolve())
    })

  const pickFault = (operation: string): Fault => {
    if (fault.kind === 'pass' || remaining <= 0) return PASS
    if (operations !== undefined && !operations.has(operation)) return PASS
    remaining -= 1
    faulted += 1
    return fault
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readAll(request)
    const operation = operationOf(request.headers)
    requests += 1
    counts.set(operation, (counts.get(operation) ?? 0) + 1)
    const applied = pickFault(operation)

    if (applied.kind === 'error') {
      const error = DYNAMODB_ERRORS[applied.error]
      const payload = JSON.stringify({ __type: error.type, message: error.message })
      response.writeHead(error.status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(payload),
        'x-amzn-errortype': applied.error,
        'x-amzn-requestid': 'FAULTPROXY0000000000000000000000000000000000000000',
      })
      response.end(payload)
      return
    }
    if (applied.kind === 'latency') {
      // A client that gives up closes the socket: the wait ends and nothing is forwarded.
      const wait = new AbortController()
      waits.add(wait)
      const onClose = () => wait.abort()
      request.socket.once('close', onClose)
      try {
        await delay(applied.delayMs, undefined, { signal: wait.signal })
      } catch {
        return
      } finally {
        waits.delete(wait)
        request.socket.off('close', onClose)
      }
    }
    const upstreamResponse = await forward(request, body)
    if (applied.kind === 'reset' || applied.kind === 'truncate') {
      writeHead(response, upstreamResponse)
      await writeHalf(response, upstreamResponse.body)
      // Give the half a moment to leave the kernel before the connection goes.
      await delay(10)
      if (applied.kind === 'reset') request.socket.resetAndDestroy()
      else request.socket.end()
      return
    }
    writeHead(response, upstreamResponse)
    response.end(upstreamResponse.body)
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => request.socket.destroy())
  })
  server.on('connection', (socket) => {
    connections += 1
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  const listen = async () => {
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
    port = (server.address() as AddressInfo).port
    listening = true
  }
  const stopListening = async () => {
    if (!listening) return
    const closed = once(server, 'close')
    server.close()
    for (const socket of sockets) socket.destroy()
    for (const wait of waits) wait.abort()
    await closed
    listening = false
  }

  await listen()
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests
    },
    get connections() {
      return connections
    },
    get faulted() {
      return faulted
    },
    count: (operation) => counts.get(operation) ?? 0,
    snapshot: () => Object.fromEntries(counts),
    async setFault(next, options = {}) {
      fault = next
      operations = options.operations === undefined ? undefined : new Set(options.operations)
      remaining = options.times ?? Number.POSITIVE_INFINITY
      if (next.kind === 'refuse') await stopListening()
      else if (!listening) await listen()
    },
    resetCounts() {
      requests = 0
      connections = 0
      faulted = 0
      counts.clear()
    },
    async close() {
      await stopListening()
      agent.destroy()
    },
  }
}
