import { watchAbort } from './watch-abort.js'

/**
 * Waits for `work` until `signal` aborts, whichever comes first. When the
 * signal aborts first, or the work fails once it has aborted, this rejects
 * with `abandoned(cause)`; the work is left to finish on its own, and its
 * outcome can no longer surface as an unhandled rejection. Cheaper than
 * `Promise.race` with a second promise: one watch (`watchAbort`), one promise.
 *
 * @example
 * const user = await untilAborted(store.findUser(sub), signal, (cause) => new ClaimsStoreUnavailableError('too late', { cause }))
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  abandoned: (cause: unknown) => Error,
): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {})
    return Promise.reject(abandoned(signal.reason))
  }
  return new Promise<T>((resolve, reject) => {
    const stop = watchAbort(signal, () => reject(abandoned(signal.reason)))
    work.then(
      (value) => {
        stop()
        resolve(value)
      },
      (error: unknown) => {
        stop()
        reject(signal.aborted ? abandoned(error) : error)
      },
    )
  })
}
