import type { ClaimsConfigurationSource } from '../core/claims-configuration.js'
import type { Client } from '../core/client.js'
import type { Resources } from '../core/resources.js'
import {
  type ConfigurationCacheLogger,
  RefreshingValue,
  type RefreshPolicy,
} from './refreshing-value.js'

/** Settings for `CachedConfigurationSource`. */
export interface CachedConfigurationSourceOptions {
  /** How long a loaded copy (the resources, or one client) is served without asking the source. Default 60 s. */
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
  /**
   * Up to this fraction of the TTL is taken off each copy's lifetime, at
   * random, so that containers started by one burst of sign-ins spread their
   * refreshes instead of reading together every TTL. Default 0.1; 0 turns it off.
   */
  readonly jitter?: number
  /** Clients kept at most; past it the client cached first is dropped. Default 10,000. */
  readonly maxClients?: number
  /** Told each time a refresh fails and the last good copy is served. Default: nobody. */
  readonly logger?: ConfigurationCacheLogger
  /** The clock, in milliseconds. Default `Date.now`. */
  readonly now?: () => number
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  readonly random?: () => number
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`CachedConfigurationSource: ${name} must be a non-negative integer`)
  }
  return value
}

const silent: ConfigurationCacheLogger = { warn: () => {} }

/**
 * Serves configuration from memory: the resources as one cached copy, each
 * client as its own, looked up the first time a token for it is issued, so a
 * container reads the clients it serves and no others. A client the source
 * does not have is cached too (as `undefined`), so an unknown client id costs
 * one lookup per TTL, not one per token.
 *
 * Every copy follows the same rules: served for its TTL less up to `jitter`
 * of it; after it, the first caller starts one refresh and every caller
 * meanwhile waits for that same refresh (no thundering herd); when a refresh
 * fails, the last good copy is served, with a warning, for up to
 * `maxStaleMs` past its TTL, and the source is asked again at most every
 * `retryAfterFailureMs`; after `maxStaleMs`, the call rejects with the
 * refresh's error. A refresh runs without any caller's signal, so one caller
 * giving up does not fail the others; a caller's signal only ends its wait.
 *
 * @example
 * const configuration = new CachedConfigurationSource(new DynamoDbConfigurationSource({ client, tableName }), {
 *   ttlMs: 60_000,
 *   logger: { warn: (message, fields) => console.warn(message, fields) },
 * })
 * const client = await configuration.findClient(event.clientId, signal)
 */
export class CachedConfigurationSource implements ClaimsConfigurationSource {
  readonly #source: ClaimsConfigurationSource
  readonly #policy: RefreshPolicy
  readonly #maxClients: number
  readonly #resources: RefreshingValue<Resources>
  readonly #clients = new Map<string, RefreshingValue<Client | undefined>>()

  constructor(source: ClaimsConfigurationSource, options: CachedConfigurationSourceOptions = {}) {
    if (typeof source?.loadResources !== 'function' || typeof source.findClient !== 'function') {
      throw new TypeError(
        'CachedConfigurationSource: source must have loadResources and findClient methods',
      )
    }
    const jitter = options.jitter ?? 0.1
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new TypeError('CachedConfigurationSource: jitter must be between 0 and 1')
    }
    this.#source = source
    this.#policy = {
      ttlMs: nonNegativeInteger('ttlMs', options.ttlMs ?? 60_000),
      maxStaleMs: nonNegativeInteger('maxStaleMs', options.maxStaleMs ?? 300_000),
      retryAfterFailureMs: nonNegativeInteger(
        'retryAfterFailureMs',
        options.retryAfterFailureMs ?? 5_000,
      ),
      jitter,
      logger: options.logger ?? silent,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
    }
    this.#maxClients = options.maxClients ?? 10_000
    if (!Number.isSafeInteger(this.#maxClients) || this.#maxClients < 1) {
      throw new TypeError('CachedConfigurationSource: maxClients must be a positive integer')
    }
    this.#resources = new RefreshingValue(() => source.loadResources(), this.#policy, {
      item: 'resources',
    })
  }

  loadResources(signal?: AbortSignal): Promise<Resources> {
    return this.#resources.get(signal)
  }

  findClient(clientId: string, signal?: AbortSignal): Promise<Client | undefined> {
    let cached = this.#clients.get(clientId)
    if (cached === undefined) {
      cached = new RefreshingValue(() => this.#source.findClient(clientId), this.#policy, {
        clientId,
      })
      if (this.#clients.size >= this.#maxClients) {
        const oldest = this.#clients.keys().next()
        if (!oldest.done) this.#clients.delete(oldest.value)
      }
      this.#clients.set(clientId, cached)
    }
    return cached.get(signal)
  }
}
