import type { ClaimsConfigurationSource } from './claims-configuration.js'
import type { ClaimsStore, StoredUser } from './claims-store.js'

/**
 * A store that reads each user at most once per AbortSignal. The handlers
 * create one signal per invocation and pass it to isActive and to every
 * getProfileData, so one invocation costs one read while the profile service
 * itself is built once per process. Calls without a signal are not shared, and
 * a failed read is not remembered.
 *
 * @example
 * const profileService = new DefaultProfileService(memoizeClaimsStore(store))
 */
export function memoizeClaimsStore(store: ClaimsStore): ClaimsStore {
  // Keyed weakly by the signal, so an invocation's reads go when its signal does.
  const readsBySignal = new WeakMap<AbortSignal, Map<string, Promise<StoredUser | undefined>>>()
  return {
    findUser(sub, signal) {
      if (!signal) return store.findUser(sub)
      let reads = readsBySignal.get(signal)
      if (!reads) {
        reads = new Map()
        readsBySignal.set(signal, reads)
      }
      let read = reads.get(sub)
      if (!read) {
        read = store.findUser(sub, signal)
        reads.set(sub, read)
        const shared = reads
        read.catch(() => shared.delete(sub))
      }
      return read
    },
  }
}

/**
 * What a read-ahead may start reading before the request is checked. Every
 * field is a hint: the full check still decides, and nothing read for a
 * request that fails it is used.
 */
export interface ReadAheadHint {
  /** The user's `sub`. */
  readonly sub?: string | undefined
  /**
   * The client's id. Give it only from a source that cannot be forged (the
   * Cognito event), never from an unverified token: each id read ahead takes
   * a place in the configuration cache.
   */
  readonly clientId?: string | undefined
}

/** Starts the reads a hint names on an invocation's signal, and forgets them. */
export type ReadAhead = (hint: ReadAheadHint, signal: AbortSignal) => void

/**
 * The read-ahead the handlers take as `readAhead`: sends `store`'s read of
 * the hint's `sub` on `signal` and, given `configurationSource`, its load of
 * the resources and of the hint's client, and forgets them. On a store from
 * `memoizeClaimsStore` and a caching source the pipeline, asking later with
 * the same signal, gets those reads; a failure surfaces there, not here.
 *
 * @example
 * const store = memoizeClaimsStore(new DynamoDbClaimsStore({ client, tableName }))
 * const handler = createPreTokenGenerationHandler({ ...deps, readAhead: createReadAhead(store, configurationSource) })
 */
export function createReadAhead(
  store: ClaimsStore,
  configurationSource?: ClaimsConfigurationSource,
): ReadAhead {
  return ({ sub, clientId }, signal) => {
    if (sub !== undefined) store.findUser(sub, signal).catch(ignore)
    if (configurationSource === undefined) return
    if (clientId !== undefined) configurationSource.findClient(clientId, signal).catch(ignore)
    configurationSource.loadResources(signal).catch(ignore)
  }
}

function ignore(): void {}
