import type { ClaimsStore, StoredUser } from './claims-store.js'

/**
 * A store that reads each user at most once. Wrap the shared store once per
 * request so that isActive and both tokens' getProfileData share one read; a
 * failed read is not remembered.
 *
 * @example
 * const store = memoizeClaimsStore(sharedStore) // per invocation
 */
export function memoizeClaimsStore(store: ClaimsStore): ClaimsStore {
  const reads = new Map<string, Promise<StoredUser | undefined>>()
  return {
    findUser(sub, signal) {
      let read = reads.get(sub)
      if (!read) {
        read = store.findUser(sub, signal)
        reads.set(sub, read)
        read.catch(() => reads.delete(sub))
      }
      return read
    },
  }
}
