import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { ClaimsStore, StoredUser } from '../core/claims-store.js'
import { type DynamoDbItemReader, ownOrSharedReader } from './dynamodb-item-reader.js'
import { userKey } from './item-keys.js'
import { type InvalidClaimReporter, ignoreInvalidClaim } from './parse-stored-claims.js'
import { parseUserItem } from './parse-user-item.js'
import { requireTableSettings } from './require-table-settings.js'

/** Settings for `DynamoDbClaimsStore`. */
export interface DynamoDbClaimsStoreOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Read the user item strongly consistently (twice the read cost). Default false. */
  readonly consistentRead?: boolean
  /** Told about each stored claim dropped as invalid. Default: nobody. */
  readonly onInvalidClaim?: InvalidClaimReporter
  /**
   * Reads through this reader, shared with the configuration source so that
   * reads started together go together. It must read `tableName`. Default:
   * a reader of its own.
   */
  readonly reader?: DynamoDbItemReader
}

/**
 * The `ClaimsStore` port on DynamoDB: one GetItem per lookup, or part of
 * one statement when its reader sends reads together. Invalid claims
 * are dropped and reported; an invalid item rejects with `CorruptItemError`;
 * a failure, timeout or abort rejects with `ClaimsStoreUnavailableError`.
 *
 * @example
 * const store = new DynamoDbClaimsStore({ client, tableName: 'claims', onInvalidClaim: (r) => log.warn('claim dropped', r) })
 * const user = await store.findUser(sub, AbortSignal.timeout(3000))
 */
export class DynamoDbClaimsStore implements ClaimsStore {
  readonly #reader: DynamoDbItemReader
  readonly #consistentRead: boolean
  readonly #onInvalidClaim: InvalidClaimReporter

  constructor(options: DynamoDbClaimsStoreOptions) {
    requireTableSettings('DynamoDbClaimsStore', options)
    this.#reader = ownOrSharedReader('DynamoDbClaimsStore', options)
    this.#consistentRead = options.consistentRead ?? false
    this.#onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  }

  async findUser(sub: string, signal?: AbortSignal): Promise<StoredUser | undefined> {
    if (typeof sub !== 'string' || sub === '') {
      throw new TypeError('findUser: sub must be a non-empty string')
    }
    const item = await this.#reader.read(
      { key: userKey(sub), what: 'the user', consistentRead: this.#consistentRead },
      signal,
    )
    if (item === undefined) return undefined
    const { version: _, ...user } = parseUserItem(item, sub, this.#onInvalidClaim)
    return user
  }
}
