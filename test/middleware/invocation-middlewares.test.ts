import middy from '@middy/core'
import type { Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import {
  type DeadlineContext,
  deadlineSignal,
  flushMetrics,
  invocationDeadline,
  sendReadAhead,
} from '../../lib/middleware/index.js'
import { Metrics } from '../../lib/observability/index.js'

const context = (remainingMs = 5_000) =>
  ({ getRemainingTimeInMillis: () => remainingMs, awsRequestId: 'r-1' }) as unknown as Context

describe('invocationDeadline', () => {
  it('puts one signal per invocation on the context and stops its timer when the invocation ends', async () => {
    const seen: AbortSignal[] = []
    const handler = middy(async (_event: unknown, ctx: Context) => {
      seen.push((ctx as DeadlineContext).signal)
      return 'ok'
    }).use(invocationDeadline(300))
    await handler({}, context())
    await handler({}, context())
    expect(seen).toHaveLength(2)
    expect(seen[0]).not.toBe(seen[1])
    expect(seen.every((signal) => !signal.aborted)).toBe(true)
  })

  it('aborts the signal when the invocation fails, so a read sent ahead is dropped', async () => {
    let signal: AbortSignal | undefined
    const handler = middy(async (_event: unknown, ctx: Context) => {
      signal = deadlineSignal(ctx)
      throw new Error('refused')
    }).use(invocationDeadline(300))
    await expect(handler({}, context())).rejects.toThrow('refused')
    expect(signal?.aborted).toBe(true)
    expect((signal?.reason as Error).name).toBe('AbortError')
  })

  it('fires the signal marginMs before the Lambda deadline', async () => {
    const handler = middy(async (_event: unknown, ctx: Context) => {
      const { signal } = ctx as DeadlineContext
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
      return (signal.reason as Error).name
    }).use(invocationDeadline(990))
    await expect(handler({}, context(1_000))).resolves.toBe('TimeoutError')
  })

  it('says what is missing when asked for a signal no deadline put there', () => {
    expect(() => deadlineSignal(context())).toThrow('register invocationDeadline()')
  })
})

describe('sendReadAhead', () => {
  it('sends the reads on the invocation signal before the handler runs, and only with a hint', async () => {
    const sent: Array<[string | undefined, AbortSignal]> = []
    const order: string[] = []
    const handler = middy(async (_event: { sub?: string }, ctx: Context) => {
      order.push('handler')
      return sent.at(-1)?.[1] === (ctx as DeadlineContext).signal
    })
      .use(invocationDeadline(300))
      .use(
        sendReadAhead<{ sub?: string }>({
          readAhead: (hint, signal) => {
            order.push('read')
            sent.push([hint.sub, signal])
          },
          // A hint naming nobody, as for the event without a sub, sends nothing.
          peek: (event) => ({ sub: event.sub }),
          yieldAfterSending: true,
        }),
      )
    await expect(handler({ sub: 'user-1' }, context())).resolves.toBe(true)
    await handler({}, context())
    expect(sent.map(([sub]) => sub)).toEqual(['user-1'])
    expect(order).toEqual(['read', 'handler', 'handler'])
  })
})

describe('flushMetrics', () => {
  it('writes one EMF line whether the invocation succeeds or fails', async () => {
    const lines: string[] = []
    const metrics = new Metrics({
      namespace: 'test',
      dimensions: {},
      write: (line) => lines.push(line),
    })
    const handler = middy(async (event: { fail: boolean }) => {
      metrics.count('Calls')
      if (event.fail) throw new Error('failed')
      return 'ok'
    }).use(flushMetrics(metrics))
    await handler({ fail: false }, context())
    await expect(handler({ fail: true }, context())).rejects.toThrow('failed')
    expect(lines).toHaveLength(2)
  })
})
