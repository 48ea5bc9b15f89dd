import { describe, expect, it } from 'vitest'
import { beforeDeadline } from '../../lib/cognito/index.js'
import { ClaimsStoreUnavailableError } from '../../lib/core/index.js'

const never = () => new Promise<never>(() => {})

describe('beforeDeadline', () => {
  it('answers with the work when it finishes in time', async () => {
    await expect(beforeDeadline(Promise.resolve(7), AbortSignal.timeout(1_000))).resolves.toBe(7)
  })

  it('passes on a failure of the work before the deadline as it is', async () => {
    const failure = new RangeError('bad')
    await expect(beforeDeadline(Promise.reject(failure), AbortSignal.timeout(1_000))).rejects.toBe(
      failure,
    )
  })

  it('rejects as store unavailable when the deadline passes first, even if the work ignores it', async () => {
    const controller = new AbortController()
    const waiting = beforeDeadline(never(), controller.signal)
    controller.abort(new DOMException('late', 'TimeoutError'))
    await expect(waiting).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
  })

  it('rejects at once when the deadline has already passed', async () => {
    await expect(beforeDeadline(Promise.resolve(1), AbortSignal.abort())).rejects.toBeInstanceOf(
      ClaimsStoreUnavailableError,
    )
  })

  it('rejects as store unavailable when the work fails because the deadline passed', async () => {
    const controller = new AbortController()
    const work = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () =>
        reject(new DOMException('aborted', 'AbortError')),
      )
    })
    const waiting = beforeDeadline(work, controller.signal)
    controller.abort()
    await expect(waiting).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
  })
})
