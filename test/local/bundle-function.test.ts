import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type BundleFunction, loadBundleFunction } from '../../lib/local/bundle-function.js'
import { createLambdaContext } from '../../lib/local/lambda-context.js'
import {
  LocalFunctionError,
  LocalFunctionThrottledError,
  LocalFunctionTimeoutError,
} from '../../lib/local/local-lambda-errors.js'

// Bundles as esbuild writes them: ES modules exporting `handler`, with module-scope state.
const BUNDLES = {
  'counter.mjs': `
    const coldStartedAt = Date.now() + Math.random()
    let invocations = 0
    export const handler = async (event, context) => {
      invocations += 1
      if (event.log) console.log(JSON.stringify({ level: 'info', message: event.log }))
      if (event.wait) await new Promise((resolve) => setTimeout(resolve, event.wait))
      if (event.fail) throw Object.assign(new Error(event.fail), { name: 'UserInactiveError' })
      return {
        coldStartedAt,
        invocations,
        table: process.env.CLAIMS_TABLE ?? null,
        home: process.env.HOME ?? null,
        functionName: context.functionName,
        requestId: context.awsRequestId,
        remaining: context.getRemainingTimeInMillis(),
      }
    }
  `,
  'bad-settings.mjs': `
    class SettingsError extends Error { name = 'SettingsError' }
    if (!process.env.CLAIMS_TABLE) throw new SettingsError('CLAIMS_TABLE: is required but not set')
    export const handler = async () => 'unreachable'
  `,
  'no-handler.mjs': 'export const main = async () => 1\n',
}

let dir: string
const opened: BundleFunction[] = []

function open(file: keyof typeof BUNDLES, options: Parameters<typeof loadBundleFunction>[1] = {}) {
  const fn = loadBundleFunction(join(dir, file), { onLog: () => {}, ...options })
  opened.push(fn)
  return fn
}

function context(timeoutMs = 2_000, awsRequestId = 'req-1') {
  return createLambdaContext({
    functionName: 'counter',
    awsRequestId,
    deadline: Date.now() + timeoutMs,
    region: 'us-east-1',
    memoryLimitInMB: 256,
  })
}

type CounterResult = {
  coldStartedAt: number
  invocations: number
  table: string | null
  home: string | null
  functionName: string
  requestId: string
  remaining: number
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-bundles-'))
  for (const [name, code] of Object.entries(BUNDLES)) await writeFile(join(dir, name), code)
})

afterEach(async () => {
  await Promise.all(opened.splice(0).map((fn) => fn.close()))
})

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('loadBundleFunction', () => {
  it('runs the bundle with only the environment it is given and the invocation context', async () => {
    const fn = open('counter.mjs', { env: { CLAIMS_TABLE: 'claims-local' } })

    const result = (await fn.handler({}, context(2_000, 'req-42'))) as CounterResult

    expect(result).toMatchObject({
      table: 'claims-local',
      home: null,
      functionName: 'counter',
      requestId: 'req-42',
    })
    expect(result.remaining).toBeGreaterThan(0)
    expect(result.remaining).toBeLessThanOrEqual(2_000)
  })

  it('cold-starts once and reuses the sandbox for the next invocation', async () => {
    const fn = open('counter.mjs')

    const first = (await fn.handler({}, context())) as CounterResult
    const second = (await fn.handler({}, context())) as CounterResult

    expect(second.coldStartedAt).toBe(first.coldStartedAt)
    expect(second.invocations).toBe(2)
  })

  it('starts another sandbox for a concurrent invocation', async () => {
    const fn = open('counter.mjs')

    const [a, b] = (await Promise.all([
      fn.handler({ wait: 100 }, context()),
      fn.handler({ wait: 100 }, context()),
    ])) as CounterResult[]

    expect(a?.coldStartedAt).not.toBe(b?.coldStartedAt)
  })

  it('throttles past maxConcurrency', async () => {
    const fn = open('counter.mjs', { maxConcurrency: 1 })

    const running = fn.handler({ wait: 200 }, context())
    await expect(fn.handler({}, context())).rejects.toBeInstanceOf(LocalFunctionThrottledError)
    await running
  })

  it('rejects with the name and message of what the handler threw, and keeps the sandbox', async () => {
    const fn = open('counter.mjs')
    const before = (await fn.handler({}, context())) as CounterResult

    const error = await fn.handler({ fail: 'user is not active' }, context()).catch((e) => e)
    const after = (await fn.handler({}, context())) as CounterResult

    expect(error).toBeInstanceOf(LocalFunctionError)
    expect(error).toMatchObject({ errorType: 'UserInactiveError', message: 'user is not active' })
    expect(after.coldStartedAt).toBe(before.coldStartedAt)
  })

  it('stops a sandbox that runs past the deadline; the next invocation cold-starts', async () => {
    const fn = open('counter.mjs')
    const before = (await fn.handler({}, context())) as CounterResult

    await expect(fn.handler({ wait: 5_000 }, context(100))).rejects.toBeInstanceOf(
      LocalFunctionTimeoutError,
    )
    const after = (await fn.handler({}, context())) as CounterResult

    expect(after.coldStartedAt).not.toBe(before.coldStartedAt)
    expect(after.invocations).toBe(1)
  })

  it('sends each line the function writes to onLog', async () => {
    const lines: string[] = []
    const fn = open('counter.mjs', { onLog: (line) => lines.push(line) })

    await fn.handler({ log: 'claims issued' }, context())

    await expect.poll(() => lines).toContain('{"level":"info","message":"claims issued"}')
  })

  it('fails warm() and every invocation with the error of a failed cold start', async () => {
    const fn = open('bad-settings.mjs')

    await expect(fn.warm()).rejects.toMatchObject({
      errorType: 'SettingsError',
      message: 'CLAIMS_TABLE: is required but not set',
    })
    await expect(fn.handler({}, context())).rejects.toMatchObject({ errorType: 'SettingsError' })
  })

  it('fails with Runtime.HandlerNotFound when the bundle exports no handler', async () => {
    const fn = open('no-handler.mjs')

    await expect(fn.warm()).rejects.toMatchObject({ errorType: 'Runtime.HandlerNotFound' })
  })

  it('refuses a path with no bundle', () => {
    expect(() => loadBundleFunction(join(dir, 'missing.mjs'))).toThrow(TypeError)
  })

  it('refuses invocations once closed', async () => {
    const fn = open('counter.mjs')
    await fn.warm()
    await fn.close()

    await expect(fn.handler({}, context())).rejects.toThrow('closed')
  })
})
