import type { Claim } from './claim.js'

/** A user's record in the store. */
export interface StoredUser {
  readonly sub: string
  readonly active: boolean
  readonly claims: readonly Claim[]
  /**
   * Types of stored claims that could not be read (dropped on read). They
   * still shadow the subject's claims of those types: a broken stored claim
   * must never let the user's own attribute of its type through.
   */
  readonly unreadableClaimTypes?: readonly string[] | undefined
}

/**
 * The port the default profile service loads users through. The DynamoDB
 * adapter implements it outside the core; tests can implement it with a Map.
 *
 * @example
 * const store: ClaimsStore = { findUser: async (sub) => users.get(sub) }
 */
export interface ClaimsStore {
  /** The user's record, or `undefined` when there is none. Rejects when the store fails or `signal` aborts. */
  findUser(sub: string, signal?: AbortSignal): Promise<StoredUser | undefined>
}
