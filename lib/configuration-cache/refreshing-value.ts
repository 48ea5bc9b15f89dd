import { ClaimsStoreUnavailableError } from '../core/errors.js'

/** Where a cache says it is serving an old copy. */
export interface ConfigurationCacheLogger {
  warn(message: string, fields: Readonly<Record<string, unknown>>): void
}

/** How a `RefreshingValue` keeps its copy; every field is required here, the cache fills defaults. */
export interface RefreshPolicy {
  readonly ttlMs: number
  readonly maxStaleMs: number
  readonly retryAfterFailureMs: number
  /** Up to this fraction of the TTL is taken off each copy's lifetime, at random. */
  readonly jitter: number
  readonly logger: ConfigurationCacheLogger
  readonly now: () => number
  readonly random: () => number
}

/**
 * One cached value and the rules for refreshing it: served from memory for
 * its TTL (less a random part, so that containers started together do not
 * refresh together); after it, the first caller starts one refresh and every
 * caller meanwhile waits for that same refresh; a failed refresh serves the
 * last good copy, with a warning, for up to `maxStaleMs` past its TTL,
 * asking again at most every `retryAfterFailureMs`. The refresh runs without
 * any caller's signal, so one caller giving up does not fail the others; a
 * caller's signal only ends that caller's wait.
 */
export class RefreshingValue<T> {
  readonly #read: () => Promise<T>
  readonly #policy: RefreshPolicy
  readonly #what: Readonly<Record<string, unknown>>
  #copy: { readonly value: T; readonly expiresAt: number } | undefined
  #refresh: Promise<T> | undefined
  #retryAt: number | undefined

  /** `what` names the value in the stale-copy warning (e.g. `{ clientId }`). */
  constructor(
    read: () => Promise<T>,
    policy: RefreshPolicy,
    what: Readonly<Record<string, unknown>>,
  ) {
    this.#read = read
    this.#policy = policy
    this.#what = what
  }

  get(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(aborted(signal))
    const copy = this.#copy
    const now = this.#policy.now()
    if (copy !== undefined && now < copy.expiresAt) return Promise.resolve(copy.value)
    if (
      copy !== undefined &&
      this.#retryAt !== undefined &&
      now < this.#retryAt &&
      now - copy.expiresAt <= this.#policy.maxStaleMs
    ) {
      return Promise.resolve(copy.value)
    }
    // `finally` runs as a later microtask, after the assignment, even when the source throws at once.
    this.#refresh ??= this.#startRefresh().finally(() => {
      this.#refresh = undefined
    })
    if (signal === undefined) return this.#refresh
    return waitWithSignal(this.#refresh, signal)
  }

  async #startRefresh(): Promise<T> {
    const { ttlMs, jitter, maxStaleMs, retryAfterFailureMs, now, random, logger } = this.#policy
    try {
      const value = await this.#read()
      this.#copy = { value, expiresAt: now() + ttlMs - Math.floor(ttlMs * jitter * random()) }
      this.#retryAt = undefined
      return value
    } catch (error) {
      const copy = this.#copy
      const staleForMs = copy === undefined ? undefined : now() - copy.expiresAt
      if (copy === undefined || staleForMs === undefined || staleForMs > maxStaleMs) throw error
      this.#retryAt = now() + retryAfterFailureMs
      logger.warn('configuration refresh failed; serving the last good copy', {
        ...this.#what,
        staleForMs,
        maxStaleMs,
        error,
      })
      return copy.value
    }
  }
}

function waitWithSignal<T>(refresh: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    refresh.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function aborted(signal: AbortSignal): ClaimsStoreUnavailableError {
  return new ClaimsStoreUnavailableError('configuration load was aborted', {
    cause: signal.reason,
  })
}
