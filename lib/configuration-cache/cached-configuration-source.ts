import type {
  ClaimsConfiguration,
  ClaimsConfigurationSource,
} from '../core/claims-configuration.js'
import { ClaimsStoreUnavailableError } from '../core/errors.js'

/** Where the cache says it is serving an old copy. */
export interface ConfigurationCacheLogger {
  warn(message: string, fields: Readonly<Record<string, unknown>>): void
}

/** Settings for `CachedConfigurationSource`. */
export interface CachedConfigurationSourceOptions {
  /** How long a loaded copy is served without asking the source. Default 60 s. */
  readonly ttlMs?: number
  /**
   * How long past its TTL the last good copy is still served when refreshing
   * fails. Default 5 min; 0 serves nothing stale.
   */
  readonly maxStaleMs?: number
  /**
   * After a refresh fails and the last good copy is served, how long that copy
   * is served before the source is asked again. Default 5 s: without it every
   * call would wait for the failing source first.
   */
  readonly retryAfterFailureMs?: number
  /** Told each time a refresh fails and the last good copy is served. Default: nobody. */
  readonly logger?: ConfigurationCacheLogger
  /** The clock, in milliseconds. Default `Date.now`. */
  readonly now?: () => number
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`CachedConfigurationSource: ${name} must be a non-negative integer`)
  }
  return value
}

const silent: ConfigurationCacheLogger = { warn: () => {} }

/**
 * Serves configuration from memory for a TTL. After it, the first caller
 * starts one refresh and every caller meanwhile waits for that same refresh
 * (no thundering herd). When a refresh fails, the last good copy is served,
 * with a warning, for up to `maxStaleMs` past its TTL, and the source is
 * asked again at most every `retryAfterFailureMs`; after `maxStaleMs`, `load`
 * rejects with the refresh's error.
 *
 * The refresh runs without any caller's signal, so one caller giving up does
 * not fail the others; the source's own timeouts bound it. A caller's signal
 * only ends that caller's wait.
 *
 * @example
 * const configuration = new CachedConfigurationSource(new DynamoDbConfigurationSource({ client, tableName }), {
 *   ttlMs: 60_000,
 *   logger: { warn: (message, fields) => console.warn(message, fields) },
 * })
 * const { clients } = await configuration.load(signal)
 */
export class CachedConfigurationSource implements ClaimsConfigurationSource {
  readonly #source: ClaimsConfigurationSource
  readonly #ttlMs: number
  readonly #maxStaleMs: number
  readonly #logger: ConfigurationCacheLogger
  readonly #now: () => number
  #copy: { readonly configuration: ClaimsConfiguration; readonly expiresAt: number } | undefined
  #refresh: Promise<ClaimsConfiguration> | undefined
  readonly #retryAfterFailureMs: number
  #retryAt: number | undefined

  constructor(source: ClaimsConfigurationSource, options: CachedConfigurationSourceOptions = {}) {
    if (typeof source?.load !== 'function') {
      throw new TypeError('CachedConfigurationSource: source must have a load method')
    }
    this.#source = source
    this.#ttlMs = nonNegativeInteger('ttlMs', options.ttlMs ?? 60_000)
    this.#maxStaleMs = nonNegativeInteger('maxStaleMs', options.maxStaleMs ?? 300_000)
    this.#retryAfterFailureMs = nonNegativeInteger(
      'retryAfterFailureMs',
      options.retryAfterFailureMs ?? 5_000,
    )
    this.#logger = options.logger ?? silent
    this.#now = options.now ?? Date.now
  }

  async load(signal?: AbortSignal): Promise<ClaimsConfiguration> {
    if (signal?.aborted) throw this.#aborted(signal)
    const copy = this.#copy
    const now = this.#now()
    if (copy !== undefined && now < copy.expiresAt) return copy.configuration
    if (
      copy !== undefined &&
      this.#retryAt !== undefined &&
      now < this.#retryAt &&
      now - copy.expiresAt <= this.#maxStaleMs
    ) {
      return copy.configuration
    }
    // `finally` runs as a later microtask, after the assignment, even when the source throws at once.
    this.#refresh ??= this.#startRefresh().finally(() => {
      this.#refresh = undefined
    })
    if (signal === undefined) return this.#refresh
    return this.#waitWithSignal(this.#refresh, signal)
  }

  async #startRefresh(): Promise<ClaimsConfiguration> {
    try {
      const configuration = await this.#source.load()
      this.#copy = { configuration, expiresAt: this.#now() + this.#ttlMs }
      this.#retryAt = undefined
      return configuration
    } catch (error) {
      const copy = this.#copy
      const staleForMs = copy === undefined ? undefined : this.#now() - copy.expiresAt
      if (copy === undefined || staleForMs === undefined || staleForMs > this.#maxStaleMs) {
        throw error
      }
      this.#retryAt = this.#now() + this.#retryAfterFailureMs
      this.#logger.warn('configuration refresh failed; serving the last good copy', {
        staleForMs,
        maxStaleMs: this.#maxStaleMs,
        error,
      })
      return copy.configuration
    }
  }

  #waitWithSignal(
    refresh: Promise<ClaimsConfiguration>,
    signal: AbortSignal,
  ): Promise<ClaimsConfiguration> {
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(this.#aborted(signal))
      signal.addEventListener('abort', onAbort, { once: true })
      refresh.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    })
  }

  #aborted(signal: AbortSignal): ClaimsStoreUnavailableError {
    return new ClaimsStoreUnavailableError('configuration load was aborted', {
      cause: signal.reason,
    })
  }
}
