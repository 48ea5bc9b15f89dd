import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { untilAborted } from '../../lib/core/index.js'

class Abandoned extends Error {}
const abandoned = (cause: unknown) => new Abandoned('abandoned', { cause })
const never = () => new Promise<never>(() => {})

describe('untilAborted', () => {
  it('answers with the work when it finishes first, and stops watching the signal', async () => {
    const controller = new AbortController()
    const causes: unknown[] = []
    const recording = (cause: unknown) => {
      causes.push(cause)
      return abandoned(cause)
    }
    for (let i = 0; i < 10; i++) {
      await expect(untilAborted(Promise.resolve(i), controller.signal, recording)).resolves.toBe(i)
    }

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    controller.abort()
    expect(causes).toEqual([])
  })

  it('passes on a failure of the work, as it is, while the signal has not aborted', async () => {
    const failure = new RangeError('bad')
    await expect(
      untilAborted(Promise.reject(failure), new AbortController().signal, abandoned),
    ).rejects.toBe(failure)
  })

  it('rejects with abandoned(reason) when the signal aborts first, even if the work ignores it', async () => {
    const controller = new AbortController()
    const waiting = untilAborted(never(), controller.signal, abandoned)
    const reason = new DOMException('late', 'TimeoutError')
    controller.abort(reason)
    const error = await waiting.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Abandoned)
    expect((error as Error).cause).toBe(reason)
  })

  it('rejects at once when the signal has already aborted, and swallows the work’s own failure', async () => {
    const reason = new Error('gone')
    const work = Promise.reject(new Error('ignored'))
    const error = await untilAborted(work, AbortSignal.abort(reason), abandoned).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Abandoned)
    expect((error as Error).cause).toBe(reason)
  })

  it('turns a failure that comes once the signal has aborted into abandoned(failure)', async () => {
    const controller = new AbortController()
    const failure = new DOMException('aborted', 'AbortError')
    const work = new Promise<never>((_, reject) => {
      // Registered before untilAborted's own listener, so it runs first.
      controller.signal.addEventListener('abort', () => reject(failure))
    })
    const waiting = untilAborted(work, controller.signal, abandoned)
    controller.abort()
    const error = await waiting.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Abandoned)
  })
})
