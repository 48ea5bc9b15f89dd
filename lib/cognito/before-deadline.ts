import { ClaimsStoreUnavailableError, untilAborted } from '../core/index.js'

const storeTimeout = (cause: unknown): ClaimsStoreUnavailableError =>
  cause instanceof ClaimsStoreUnavailableError
    ? cause
    : new ClaimsStoreUnavailableError('the deadline passed before the claims were loaded', {
        cause,
      })

/**
 * Waits for `work` until `signal` aborts. When it aborts first, or `work`
 * fails after it aborted, this rejects with `ClaimsStoreUnavailableError`: a
 * store or profile service that ignores the signal still cannot keep the
 * trigger past its deadline, and a timeout is handled like any other store
 * failure (`ON_STORE_ERROR`).
 *
 * @example
 * const result = await beforeDeadline(runClaimsPipeline(request), signal)
 */
export function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return untilAborted(work, signal, storeTimeout)
}
