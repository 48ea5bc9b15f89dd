import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { ClaimsStore, StoredUser } from '../core/claims-store.js'
import { callDynamoDb } from './call-dynamodb.js'
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
}

/**
 * The `ClaimsStore` port on DynamoDB: one GetItem per lookup. Invalid claims
 * are dropped and reported; an invalid item rejects with `CorruptItemError`;
 * a failure, timeout or abort rejects with `ClaimsStoreUnavailableError`.
 *
 * @example
 * const store = new DynamoDbClaimsStore({ client, tableName: 'claims', onInvalidClaim: (r) => log.warn('claim dropped', r) })
 * const user = await store.findUser(sub, AbortSignal.timeout(3000))
 */
export class DynamoDbClaimsStore implements ClaimsStore {
  readonly #client: DynamoDBDocumentClient
  readonly #tableName: string
  readonly #consistentRead: boolean
  readonly #onInvalidClaim: InvalidClaimReporter

  constructor(options: DynamoDbClaimsStoreOptions) {
    requireTableSettings('DynamoDbClaimsStore', options)
    this.#client = options.client
    this.#tableName = options.tableName
    this.#consistentRead = options.consistentRead ?? false
    this.#onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  }

  async findUser(sub: string, signal?: AbortSignal): Promise<StoredUser | undefined> {
    if (typeof sub !== 'string' || sub === '') {
      throw new TypeError('findUser: sub must be a non-empty string')
    }
    const { Item } = await callDynamoDb('DynamoDB GetItem of the user', signal, (options) =>
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: userKey(sub),
          ConsistentRead: this.#consistentRead,
        }),
        options,
      ),
    )
    if (Item === undefined) return undefined
    const { active, claims, unreadableClaimTypes } = parseUserItem(Item, sub, this.#onInvalidClaim)
    return unreadableClaimTypes === undefined
      ? { sub, active, claims }
      : { sub, active, claims, unreadableClaimTypes }
  }
}
