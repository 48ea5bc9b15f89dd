/** The deadline of one invocation. */
export interface Deadline {
  /** Aborts, with a `TimeoutError`, `marginMs` before the invocation's deadline. */
  readonly signal: AbortSignal
  /** Stops the timer. Call it when the invocation ends, so that no timer outlives it. */
  clear(): void
  /**
   * Stops the timer and aborts the signal now, with an `AbortError`: the
   * invocation ended early, and what still runs on the signal (a read sent
   * ahead) is no longer wanted.
   */
  abandon(): void
}

/**
 * Starts the deadline of one invocation: its signal fires `marginMs` before
 * the Lambda deadline, so a slow store is abandoned while there is still time
 * to answer Cognito or the HTTP client (and, under ON_STORE_ERROR=omit, to
 * issue the token unenriched). One `AbortController` and one unreferenced
 * timer, cleared at the end of the invocation: cheaper than
 * `AbortSignal.timeout`, whose timer lives on for the whole timeout.
 *
 * @example
 * const deadline = startDeadline(context.getRemainingTimeInMillis(), 500)
 * try { await work(deadline.signal) } finally { deadline.clear() }
 */
export function startDeadline(remainingMs: number, marginMs: number): Deadline {
  const controller = new AbortController()
  const timer = setTimeout(
    () => controller.abort(new DOMException('the invocation deadline is near', 'TimeoutError')),
    Math.max(1, Math.floor(remainingMs - marginMs)),
  )
  timer.unref()
  return {
    signal: controller.signal,
    clear: () => clearTimeout(timer),
    abandon: () => {
      clearTimeout(timer)
      controller.abort(new DOMException('the invocation ended', 'AbortError'))
    },
  }
}
