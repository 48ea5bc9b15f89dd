import { ClaimsStoreUnavailableError } from '../core/index.js'

/**
 * Waits for `work` until `signal` aborts. When it aborts first, or `work`
 * fails after it aborted, this rejects with `ClaimsStoreUnavailableError`: a
 * store or profile service that ignores the signal still cannot keep the
 * trigger past its deadline, and a timeout is handled like any other store
 * failure (`ON_STORE_ERROR`).
 *
 * @example
 * const configuration = await beforeDeadline(configurationSource.load(signal), signal)
 */
export async function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const late = (cause: unknown) =>
    new ClaimsStoreUnavailableError('the deadline passed before the claims were loaded', { cause })
  const guarded = work.catch((error: unknown) => {
    throw signal.aborted && !(error instanceof ClaimsStoreUnavailableError) ? late(error) : error
  })
  if (signal.aborted) {
    // Nothing waits for the work any more; its outcome must not surface as an unhandled rejection.
    guarded.catch(() => {})
    throw late(signal.reason)
  }
  let onAbort = () => {}
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(late(signal.reason))
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([guarded, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
