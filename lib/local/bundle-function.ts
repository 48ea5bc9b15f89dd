import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Context } from 'aws-lambda'
import { lambdaContextFields } from './lambda-context.js'
import {
  LocalFunctionError,
  LocalFunctionThrottledError,
  LocalFunctionTimeoutError,
} from './local-lambda-errors.js'
import type { LocalLambdaHandler } from './local-lambda-handler.js'

/** Settings for `loadBundleFunction`. */
export interface BundleFunctionOptions {
  /**
   * The function's whole environment, as its Lambda configuration would set
   * it: nothing of this process's environment is passed on, so a bundle never
   * sees the developer's AWS credentials or settings by accident.
   */
  readonly env?: Readonly<Record<string, string>>
  /** The export to call. Default `handler`. */
  readonly exportName?: string
  /** Sandboxes (worker threads) that may run at once; one invocation each. Default 10. */
  readonly maxConcurrency?: number
  /** Gets each line the function writes to stdout or stderr. Default: this process's stderr. */
  readonly onLog?: (line: string) => void
}

/** A built Lambda bundle run in worker threads. */
export interface BundleFunction {
  /** Runs one invocation in an idle sandbox, or a new one (a cold start). */
  readonly handler: LocalLambdaHandler
  /**
   * Starts one sandbox and loads the bundle, so a bundle that fails its cold
   * start (a bad setting) fails here, before anyone invokes it.
   */
  warm(): Promise<void>
  /** Stops every sandbox. */
  close(): Promise<void>
}

type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly errorType: string; readonly errorMessage: string }
  | { readonly type: 'result'; readonly id: number; readonly payload: string }
  | {
      readonly type: 'error'
      readonly id: number
      readonly errorType: string
      readonly errorMessage: string
    }

// Runs in the worker: loads the bundle once (the cold start), then answers
// one invocation at a time. The context is rebuilt here, since functions do
// not cross threads; its clock is the same Date.now(). Evaluated as a script
// rather than loaded from a data: URL, whose text would fill every stack trace.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')

const describe = (error) =>
  error instanceof Error
    ? { errorType: error.name || 'Error', errorMessage: error.message }
    : { errorType: typeof error, errorMessage: String(error) }

const unsupported = () => {
  throw new Error('the local Invoke API runs async handlers only: return a promise')
}

const contextOf = (fields) => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: fields.functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: workerData.arnPrefix + fields.functionName,
  memoryLimitInMB: String(fields.memoryLimitInMB),
  awsRequestId: fields.awsRequestId,
  logGroupName: '/aws/lambda/' + fields.functionName,
  logStreamName: 'local/[$LATEST]' + fields.awsRequestId.replaceAll('-', ''),
  ...(fields.clientContext === undefined ? {} : { clientContext: fields.clientContext }),
  getRemainingTimeInMillis: () => Math.max(0, fields.deadline - Date.now()),
  done: unsupported,
  fail: unsupported,
  succeed: unsupported,
})

;(async () => {
  let handler
  try {
    const loaded = await import(workerData.moduleUrl)
    handler = loaded[workerData.exportName]
    if (typeof handler !== 'function') {
      throw Object.assign(new Error(workerData.exportName + ' is not a function exported by the bundle'), {
        name: 'Runtime.HandlerNotFound',
      })
    }
  } catch (error) {
    parentPort.postMessage({ type: 'init-error', ...describe(error) })
    return
  }
  parentPort.on('message', async ({ id, event, context }) => {
    try {
      const result = await handler(event, contextOf(context))
      parentPort.postMessage({ type: 'result', id, payload: JSON.stringify(result ?? null) })
    } catch (error) {
      parentPort.postMessage({ type: 'error', id, ...describe(error) })
    }
  })
  parentPort.postMessage({ type: 'ready' })
})()
`

/** One worker thread: the bundle loaded once, one invocation at a time. */
class Sandbox {
  readonly worker: Worker
  readonly ready: Promise<void>
  readonly #pending = new Map<
    number,
    { resolve: (payload: string) => void; reject: (error: Error) => void }
  >()
  #nextId = 0
  #exited = false

  constructor(moduleUrl: string, options: Required<Omit<BundleFunctionOptions, 'maxConcurrency'>>) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { moduleUrl, exportName: options.exportName, arnPrefix: arnPrefix(options.env) },
      env: { ...options.env },
      stdout: true,
      stderr: true,
    })
    forwardLines(this.worker.stdout, options.onLog)
    forwardLines(this.worker.stderr, options.onLog)
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'ready':
            resolve()
            return
          case 'init-error':
            reject(new LocalFunctionError(reply.errorType, reply.errorMessage))
            return
          case 'result':
            this.#settle(reply.id)?.resolve(reply.payload)
            return
          case 'error':
            this.#settle(reply.id)?.reject(
              new LocalFunctionError(reply.errorType, reply.errorMessage),
            )
            return
        }
      })
      const fail = (error: Error) => {
        this.#exited = true
        reject(error)
        for (const waiter of this.#pending.values()) waiter.reject(error)
        this.#pending.clear()
      }
      // An uncaught exception or unhandled rejection ends the worker, as it ends a Lambda sandbox.
      this.worker.on('error', (error) =>
        fail(new LocalFunctionError('Runtime.ExitError', `the function crashed: ${error.message}`)),
      )
      this.worker.on('exit', (code) =>
        fail(new LocalFunctionError('Runtime.ExitError', `the function exited with code ${code}`)),
      )
    })
    // Awaited by every invocation; a failed cold start must not also be an unhandled rejection.
    this.ready.catch(() => {})
  }

  get alive(): boolean {
    return !this.#exited
  }

  invoke(event: unknown, context: Context): Promise<string> {
    const id = this.#nextId++
    return new Promise<string>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.worker.postMessage({ id, event, context: lambdaContextFields(context) })
    })
  }

  #settle(id: number) {
    const waiter = this.#pending.get(id)
    this.#pending.delete(id)
    return waiter
  }

  async stop(): Promise<void> {
    this.#exited = true
    await this.worker.terminate()
  }
}

function arnPrefix(env: Readonly<Record<string, string>>): string {
  return `arn:aws:lambda:${env.AWS_REGION ?? 'us-east-1'}:000000000000:function:`
}

function forwardLines(stream: NodeJS.ReadableStream, onLog: (line: string) => void): void {
  let buffered = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    buffered += chunk
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) if (line !== '') onLog(line)
  })
  stream.on('end', () => {
    if (buffered !== '') onLog(buffered)
  })
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`loadBundleFunction: ${name} must be a positive integer`)
  }
  return value
}

/**
 * Runs a built Lambda bundle (an ES module exporting an async `handler`, such
 * as `dist/pre-token-generation/index.mjs`) the way Lambda does: each
 * sandbox is a worker thread with only the environment given here, loads the
 * bundle once (its cold start) and runs one invocation at a time; a second
 * concurrent invocation gets a new sandbox, up to `maxConcurrency`, past
 * which it is throttled. An invocation that outlives its context's deadline
 * stops its sandbox and rejects with `LocalFunctionTimeoutError`; one that
 * throws rejects with `LocalFunctionError` carrying the error's name and
 * message. For the local stack and tests, not production.
 *
 * @example
 * const fn = loadBundleFunction('dist/pre-token-generation/index.mjs', {
 *   env: { CLAIMS_TABLE: 'claims', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' },
 * })
 * await fn.warm()
 * const server = await startLambdaInvokeServer({ functions: { 'pre-token-generation': fn.handler } })
 */
export function loadBundleFunction(
  bundlePath: string,
  options: BundleFunctionOptions = {},
): BundleFunction {
  const path = resolve(bundlePath)
  if (!existsSync(path)) throw new TypeError(`loadBundleFunction: no bundle at ${path}`)
  const moduleUrl = pathToFileURL(path).href
  const maxConcurrency = positiveInteger('maxConcurrency', options.maxConcurrency ?? 10)
  const sandboxOptions = {
    env: options.env ?? {},
    exportName: options.exportName ?? 'handler',
    onLog: options.onLog ?? ((line: string) => process.stderr.write(`${line}\n`)),
  }
  const idle: Sandbox[] = []
  const all = new Set<Sandbox>()
  let closed = false

  const open = (functionName: string): Sandbox => {
    if (closed) throw new Error('loadBundleFunction: the function is closed')
    const reused = idle.pop()
    if (reused !== undefined) return reused
    if (all.size >= maxConcurrency)
      throw new LocalFunctionThrottledError(functionName, maxConcurrency)
    const sandbox = new Sandbox(moduleUrl, sandboxOptions)
    all.add(sandbox)
    return sandbox
  }

  const discard = async (sandbox: Sandbox) => {
    all.delete(sandbox)
    await sandbox.stop()
  }

  const handler: LocalLambdaHandler = async (event, context) => {
    const sandbox = open(context.functionName)
    const timeoutMs = context.getRemainingTimeInMillis()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LocalFunctionTimeoutError(timeoutMs)), timeoutMs)
    })
    try {
      const payload = await Promise.race([
        sandbox.ready.then(() => sandbox.invoke(event, context)),
        timedOut,
      ])
      idle.push(sandbox)
      return JSON.parse(payload) as unknown
    } catch (error) {
      // A sandbox that timed out, crashed or failed its cold start is not reused, as in Lambda;
      // one whose handler threw is.
      const reusable =
        sandbox.alive &&
        error instanceof LocalFunctionError &&
        error.errorType !== 'Runtime.ExitError' &&
        (await sandbox.ready.then(
          () => true,
          () => false,
        ))
      if (reusable) idle.push(sandbox)
      else await discard(sandbox)
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    handler,
    async warm() {
      const sandbox = open('warm-up')
      try {
        await sandbox.ready
        idle.push(sandbox)
      } catch (error) {
        await discard(sandbox)
        throw error
      }
    },
    async close() {
      closed = true
      idle.length = 0
      await Promise.all([...all].map((sandbox) => sandbox.stop()))
      all.clear()
    },
  }
}
