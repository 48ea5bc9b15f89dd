import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda'
import { readRequestBody } from './read-request-body.js'

/** A Lambda handler for API Gateway HTTP API payload 2.0 (or a function URL). */
export type HttpLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>

export interface ServeLambdaHttpOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** The interface to listen on. Default `127.0.0.1`: this is a development server. */
  readonly host?: string
  /** The time each invocation gets, as a Lambda timeout would give it. Default 10 s. */
  readonly timeoutMs?: number
  /** Larger request bodies get 413 unread. Default 1 MiB. */
  readonly maxBodyBytes?: number
  /** The name the context reports. Default `local`. */
  readonly functionName?: string
}

export interface LambdaHttpServer {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: URL
  readonly server: Server
  /** Stops listening and closes open connections. */
  close(): Promise<void>
}

const TEXT_MEDIA_TYPE = /^(?:text\/|application\/(?:json|x-www-form-urlencoded|xml)|[^;]*\+json)/i

/**
 * Serves a payload-2.0 Lambda handler over node:http, the way API Gateway's
 * HTTP API and function URLs call it: lower-case header names with repeated
 * headers joined by commas, cookies moved to `event.cookies`, textual bodies
 * as text and others base64-encoded, and a context whose
 * `getRemainingTimeInMillis` counts down `timeoutMs`. A handler that throws
 * gets API Gateway's bare 500. For tests and the local stack, not production.
 *
 * @example
 * const { url, close } = await serveLambdaHttp(handler, { port: 0 })
 * await fetch(new URL('/userinfo', url), { headers: { authorization: `Bearer ${token}` } })
 * await close()
 */
export async function serveLambdaHttp(
  handler: HttpLambdaHandler,
  options: ServeLambdaHttpOptions = {},
): Promise<LambdaHttpServer> {
  if (typeof handler !== 'function')
    throw new TypeError('serveLambdaHttp: handler must be a function')
  const port = nonNegativeInteger('port', options.port ?? 0)
  const timeoutMs = nonNegativeInteger('timeoutMs', options.timeoutMs ?? 10_000)
  const maxBodyBytes = nonNegativeInteger('maxBodyBytes', options.maxBodyBytes ?? 1_048_576)
  const host = options.host ?? '127.0.0.1'
  const functionName = options.functionName ?? 'local'

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => response.destroy(error as Error))
  })

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readRequestBody(request, maxBodyBytes)
    if (body === undefined) {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' })
      response.end(JSON.stringify({ message: 'Request Entity Too Large' }))
      return
    }
    let result: APIGatewayProxyResultV2
    try {
      result = await handler(toEvent(request, body), lambdaContext(functionName, timeoutMs))
    } catch {
      result = {
        statusCode: 500,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Internal Server Error' }),
      }
    }
    writeResult(response, result)
  }

  server.listen(port, host)
  await once(server, 'listening')
  const address = server.address() as AddressInfo
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: new URL(`http://${urlHost}:${address.port}`),
    server,
    async close() {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`serveLambdaHttp: ${name} must be a non-negative integer`)
  }
  return value
}

function toEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {}
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase()
    const value = request.rawHeaders[i + 1] as string
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`
  }
  const cookies = headers.cookie?.split(';').map((cookie) => cookie.trim())
  delete headers.cookie

  const url = new URL(request.url ?? '/', 'http://localhost')
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`
  }
  const host = headers.host ?? 'localhost'
  const now = new Date()
  const textual = TEXT_MEDIA_TYPE.test(headers['content-type'] ?? '')

  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies === undefined ? {} : { cookies }),
    ...(Object.keys(query).length === 0 ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length === 0
      ? { isBase64Encoded: false }
      : {
          body: body.toString(textual ? 'utf8' : 'base64'),
          isBase64Encoded: !textual,
        }),
  }
}

/** API Gateway's request time format, e.g. `12/Mar/2020:19:03:58 +0000`. */
function apiGatewayTime(date: Date): string {
  const [, day, month, year, time] = date.toUTCString().split(' ')
  return `${day}/${month}/${year}:${time} +0000`
}

function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs
  const unsupported = () => {
    throw new Error('serveLambdaHttp runs async handlers only: return a promise')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  }
}

/** As API Gateway reads a payload-2.0 result: a result without `statusCode` is a 200 JSON body. */
function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          body: typeof result === 'string' ? result : JSON.stringify(result),
        }
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    response.setHeader(name, String(value))
  }
  if (structured.cookies?.length) response.setHeader('set-cookie', structured.cookies)
  const body = structured.body ?? ''
  response.statusCode = structured.statusCode ?? 200
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body)
}
