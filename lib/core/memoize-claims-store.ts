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
 * The read-ahead the handlers take as `prefetchUser`: sends `store`'s read
 * of `sub` on `signal` and forgets it. On a store from `memoizeClaimsStore`
 * the profile service, asking later with the same signal, gets that read; a
 * failure surfaces there, not here.
 *
 * @example
 * const store = memoizeClaimsStore(new DynamoDbClaimsStore({ client, tableName }))
 * const handler = createPreTokenGenerationHandler({ ...deps, prefetchUser: readAhead(store) })
 */
export function readAhead(store: ClaimsStore): (sub: string, signal: AbortSignal) => void {
  return (sub, signal) => {
    store.findUser(sub, signal).catch(() => {})
  }
}
