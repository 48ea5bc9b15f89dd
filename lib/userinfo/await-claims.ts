import { ClaimsStoreUnavailableError, untilAborted } from '../core/index.js'
import { OAuthError, ServerError, TemporarilyUnavailable } from './oauth-errors.js'

/**
 * Waits for a claims request of an endpoint, at most until `signal` aborts:
 * a store outage or the deadline is `TemporarilyUnavailable` (a retry may
 * help), anything else a `ServerError`; an `OAuthError` stays as it is. The
 * cause stays for the logs.
 *
 * @example
 * const result = await awaitClaims(runClaimsPipeline({ …, signal }), signal)
 */
export function awaitClaims<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return untilAborted(guard(work), signal, (cause) =>
    cause instanceof OAuthError
      ? cause
      : new TemporarilyUnavailable('the deadline passed before the claims were loaded', {
          cause,
        }),
  )
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (error instanceof OAuthError) throw error
    const transient =
      error instanceof ClaimsStoreUnavailableError ||
      (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    throw transient
      ? new TemporarilyUnavailable('the claims could not be loaded', { cause: error })
      : new ServerError('the claims could not be loaded', { cause: error })
  }
}
