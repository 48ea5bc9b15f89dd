/**
 * An AbortSignal that fires `marginMs` before the invocation's deadline, so a
 * slow store is abandoned while there is still time to answer Cognito or the
 * HTTP client (and, under ON_STORE_ERROR=omit, to issue the token unenriched).
 *
 * @example
 * const signal = deadlineSignal(context.getRemainingTimeInMillis(), 500)
 */
export function deadlineSignal(remainingMs: number, marginMs: number): AbortSignal {
  return AbortSignal.timeout(Math.max(1, Math.floor(remainingMs - marginMs)))
}
