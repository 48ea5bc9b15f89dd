import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createLambdaContext, localFunctionArn } from './lambda-context.js'
import { listenOnLoopback } from './listen-on-loopback.js'
import {
  LocalFunctionError,
  LocalFunctionThrottledError,
  LocalFunctionTimeoutError,
} from './local-lambda-errors.js'
import type { LocalLambdaHandler } from './local-lambda-handler.js'
import { parseFunctionName } from './parse-function-name.js'
import { readRequestBody } from './read-request-body.js'

/** A function the Invoke API serves, with settings of its own. */
export interface LocalFunctionDefinition {
  readonly handler: LocalLambdaHandler
  /** Overrides the server's `timeoutMs` for this function. */
  readonly timeoutMs?: number
}

/** Settings for `startLambdaInvokeServer`. */
export interface LambdaInvokeServerOptions {
  /** The functions by name: a handler, or a handler with settings. */
  readonly functions: Readonly<Record<string, LocalLambdaHandler | LocalFunctionDefinition>>
  /** A loopback address: the API has no authentication. Default `127.0.0.1`. */
  readonly host?: string
  /** 0 (the default) picks a free port. */
  readonly port?: number
  /** When `port` is taken, take a free one instead of failing. Default false. */
  readonly orFreePort?: boolean
  /** Each invocation's timeout. Default 5000 ms, the time Cognito waits for a trigger. */
  readonly timeoutMs?: number
  /** The region in function ARNs. Default `us-east-1`. */
  readonly region?: string
  /** The memory size the context reports. Default 256. */
  readonly memoryLimitInMB?: number
  /** Larger payloads get 413 RequestTooLargeException. Default 6 MiB, Lambda's synchronous limit. */
  readonly maxRequestBytes?: number
  /** Larger results become a `Function.ResponseSizeTooLarge` error. Default 6 MiB. */
  readonly maxResponseBytes?: number
  /** How many invocations `invocations()` keeps, the newest. Default 1000. */
  readonly maxRecordedInvocations?: number
  /** Told about each invocation once it has finished. */
  readonly onInvocation?: (record: InvocationRecord) => void
}

/** One invocation, as the call log keeps it. */
export interface InvocationRecord {
  readonly functionName: string
  readonly requestId: string
  readonly invocationType: 'RequestResponse' | 'Event'
  /** The event as the handler got it. */
  readonly event: unknown
  readonly startedAt: Date
  readonly durationMs: number
  readonly outcome: 'success' | 'error' | 'timeout' | 'throttled'
  readonly errorType?: string
  readonly errorMessage?: string
}

/** A running Invoke API. */
export interface LambdaInvokeServer {
  /** The endpoint for `--endpoint-url` and SDK clients, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string
  readonly server: Server
  /** The recorded invocations, oldest first; only those of `functionName` when given. */
  invocations(functionName?: string): readonly InvocationRecord[]
  /** Stops listening and closes open connections; running invocations are not waited for. */
  close(): Promise<void>
}

const SIX_MIB = 6 * 1024 * 1024
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/
const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun'])

/** An error of the Lambda API itself (not of the function), as the AWS SDKs parse it. */
interface ServiceError {
  readonly status: number
  readonly type: string
  readonly message: string
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`startLambdaInvokeServer: ${name} must be a non-negative integer`)
  }
  return value
}

/**
 * Serves the Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`)
 * on loopback for local handlers, so `aws lambda invoke --endpoint-url`, the
 * AWS SDKs and emulators such as cognito-local can call them as they call
 * Lambda. `RequestResponse` answers 200 with the JSON result; a handler that
 * throws answers 200 with `X-Amz-Function-Error: Unhandled` and
 * `{ errorType, errorMessage }` (no stack trace); one that runs past its
 * timeout answers `Sandbox.Timedout`. `Event` answers 202 and runs the
 * handler afterwards; `DryRun` answers 204. An unknown function is 404
 * ResourceNotFoundException, a throttled one 429, a body that is not JSON 400
 * InvalidRequestContentException, a body past `maxRequestBytes` 413. Every
 * invocation is recorded for tests. For the local stack and tests only.
 *
 * @example
 * const lambda = await startLambdaInvokeServer({ functions: { echo: async (event) => event } })
 * // aws lambda invoke --endpoint-url ${lambda.endpoint} --function-name echo --payload '{}' out.json
 * await lambda.close()
 */
export async function startLambdaInvokeServer(
  options: LambdaInvokeServerOptions,
): Promise<LambdaInvokeServer> {
  if (typeof options !== 'object' || options === null || typeof options.functions !== 'object') {
    throw new TypeError('startLambdaInvokeServer: functions are required')
  }
  const defaultTimeoutMs = nonNegativeInteger('timeoutMs', options.timeoutMs ?? 5_000)
  const functions = new Map<string, { handler: LocalLambdaHandler; timeoutMs: number }>()
  for (const [name, definition] of Object.entries(options.functions)) {
    const { handler, timeoutMs } =
      typeof definition === 'function' ? { handler: definition, timeoutMs: undefined } : definition
    if (typeof handler !== 'function') {
      throw new TypeError(`startLambdaInvokeServer: the handler of ${name} must be a function`)
    }
    functions.set(name, {
      handler,
      timeoutMs: nonNegativeInteger(`timeoutMs of ${name}`, timeoutMs ?? defaultTimeoutMs),
    })
  }
  const region = options.region ?? 'us-east-1'
  const memoryLimitInMB = nonNegativeInteger('memoryLimitInMB', options.memoryLimitInMB ?? 256)
  const maxRequestBytes = nonNegativeInteger('maxRequestBytes', options.maxRequestBytes ?? SIX_MIB)
  const maxResponseBytes = nonNegativeInteger(
    'maxResponseBytes',
    options.maxResponseBytes ?? SIX_MIB,
  )
  const maxRecorded = nonNegativeInteger(
    'maxRecordedInvocations',
    options.maxRecordedInvocations ?? 1000,
  )
  const recorded: InvocationRecord[] = []

  const record = (entry: InvocationRecord) => {
    recorded.push(entry)
    if (recorded.length > maxRecorded) recorded.splice(0, recorded.length - maxRecorded)
    options.onInvocation?.(entry)
  }

  /** Runs one invocation to its outcome; never rejects. */
  const run = async (
    functionName: string,
    invocationType: 'RequestResponse' | 'Event',
    event: unknown,
    requestId: string,
    clientContext: Record<string, unknown> | undefined,
  ): Promise<{ payload: string; errorType?: string } | { throttled: string }> => {
    const fn = functions.get(functionName)
    if (fn === undefined) throw new Error(`no function ${functionName}`)
    const startedAt = new Date()
    const context = createLambdaContext({
      functionName,
      awsRequestId: requestId,
      deadline: startedAt.getTime() + fn.timeoutMs,
      region,
      memoryLimitInMB,
      clientContext,
    })
    let timer: NodeJS.Timeout | undefined
    const finish = (
      outcome: InvocationRecord['outcome'],
      error?: { errorType: string; errorMessage: string },
    ) =>
      record({
        functionName,
        requestId,
        invocationType,
        event,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        outcome,
        ...error,
      })
    try {
      // An in-process handler cannot be stopped; its answer is simply no longer waited for.
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LocalFunctionTimeoutError(fn.timeoutMs)), fn.timeoutMs)
      })
      const result = await Promise.race([fn.handler(event, context), timedOut])
      const payload = JSON.stringify(result ?? null)
      if (Buffer.byteLength(payload) > maxResponseBytes) {
        const error = {
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${maxResponseBytes} bytes).`,
        }
        finish('error', error)
        return { payload: JSON.stringify(error), errorType: 'Unhandled' }
      }
      finish('success')
      return { payload }
    } catch (thrown) {
      if (thrown instanceof LocalFunctionThrottledError) {
        finish('throttled', { errorType: 'TooManyRequestsException', errorMessage: thrown.message })
        return { throttled: thrown.message }
      }
      const timeout = thrown instanceof LocalFunctionTimeoutError
      const error = timeout
        ? {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: ${thrown.message}`,
          }
        : describeFunctionError(thrown)
      finish(timeout ? 'timeout' : 'error', error)
      return { payload: JSON.stringify(error), errorType: 'Unhandled' }
    } finally {
      clearTimeout(timer)
    }
  }

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID()
    response.setHeader('x-amzn-RequestId', requestId)
    const url = new URL(request.url ?? '/', 'http://localhost')
    const route = INVOKE_PATH.exec(url.pathname)
    if (request.method !== 'POST' || route?.[1] === undefined) {
      // The request is not read: close the connection rather than leave a body in it.
      response.setHeader('connection', 'close')
      return sendServiceError(response, {
        status: 404,
        type: 'UnknownOperationException',
        message: `Unknown operation ${request.method} ${url.pathname}`,
      })
    }
    let rawName: string
    try {
      rawName = decodeURIComponent(route[1])
    } catch {
      rawName = route[1]
    }
    const parsedName = parseFunctionName(rawName, url.searchParams.get('Qualifier'))
    const known =
      parsedName !== undefined &&
      functions.has(parsedName.name) &&
      (parsedName.qualifier === undefined || parsedName.qualifier === '$LATEST')
    if (!known) {
      response.setHeader('connection', 'close')
      const arn = parsedName
        ? `${localFunctionArn(region, parsedName.name)}${parsedName.qualifier ? `:${parsedName.qualifier}` : ''}`
        : rawName
      return sendServiceError(response, {
        status: 404,
        type: 'ResourceNotFoundException',
        message: `Function not found: ${arn}`,
      })
    }
    const functionName = parsedName.name

    const invocationType = header(request, 'x-amz-invocation-type') ?? 'RequestResponse'
    if (!INVOCATION_TYPES.has(invocationType)) {
      response.setHeader('connection', 'close')
      return sendServiceError(response, {
        status: 400,
        type: 'InvalidParameterValueException',
        message: `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
      })
    }
    const clientContext = readClientContext(header(request, 'x-amz-client-context'))
    if (clientContext === null) {
      response.setHeader('connection', 'close')
      return sendServiceError(response, {
        status: 400,
        type: 'InvalidRequestContentException',
        message: 'Client context must be a valid Base64-encoded JSON object.',
      })
    }

    const body = await readRequestBody(request, maxRequestBytes)
    if (body === undefined) {
      response.setHeader('connection', 'close')
      return sendServiceError(response, {
        status: 413,
        type: 'RequestTooLargeException',
        message: `Request must be smaller than ${maxRequestBytes} bytes for the InvokeFunction operation`,
      })
    }
    let event: unknown
    try {
      // An empty payload is an empty event, as `aws lambda invoke` without --payload sends it.
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch (error) {
      return sendServiceError(response, {
        status: 400,
        type: 'InvalidRequestContentException',
        message: `Could not parse request body into json: ${(error as Error).message}`,
      })
    }

    response.setHeader('X-Amz-Executed-Version', '$LATEST')
    if (invocationType === 'DryRun') {
      response.writeHead(204).end()
      return
    }
    if (invocationType === 'Event') {
      response.writeHead(202).end()
      await run(functionName, 'Event', event, requestId, clientContext)
      return
    }
    const outcome = await run(functionName, 'RequestResponse', event, requestId, clientContext)
    if ('throttled' in outcome) {
      return sendServiceError(response, {
        status: 429,
        type: 'TooManyRequestsException',
        message: outcome.throttled,
      })
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(outcome.errorType === undefined ? {} : { 'X-Amz-Function-Error': outcome.errorType }),
    })
    response.end(outcome.payload)
  }

  const { server, endpoint } = await listenOnLoopback(
    (request, response) => {
      serve(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          sendServiceError(response, {
            status: 500,
            type: 'ServiceException',
            message: 'The local Invoke API failed to handle the request',
          })
        } else {
          response.destroy(error as Error)
        }
      })
    },
    { host: options.host, port: options.port ?? 0, orFreePort: options.orFreePort ?? false },
  )

  return {
    endpoint,
    server,
    invocations: (functionName) =>
      recorded.filter((each) => functionName === undefined || each.functionName === functionName),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

function describeFunctionError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof LocalFunctionError) {
    return { errorType: error.errorType, errorMessage: error.message }
  }
  if (error instanceof Error)
    return { errorType: error.name || 'Error', errorMessage: error.message }
  return { errorType: typeof error, errorMessage: String(error) }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** `undefined` when none was sent, `null` when it is not base64 JSON of an object. */
function readClientContext(value: string | undefined): Record<string, unknown> | undefined | null {
  if (value === undefined || value === '') return undefined
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** As Lambda sends its own errors: the type in `x-amzn-ErrorType`, and `Type`/`Message` in the body. */
function sendServiceError(response: ServerResponse, error: ServiceError): void {
  response.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-ErrorType': error.type,
  })
  response.end(JSON.stringify({ Type: 'User', Message: error.message }))
}
