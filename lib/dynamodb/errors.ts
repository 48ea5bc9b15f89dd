import { ClaimsmithError } from '../core/errors.js'
import type { ItemKey } from './item-keys.js'

/**
 * A stored item is not one the store can read (an attribute missing or of the
 * wrong type, an unknown schema version). Names the key and the attribute,
 * never the attribute's value or the table.
 *
 * @example
 * if (error instanceof CorruptItemError) log.error(error.message, { pk: error.key.pk, attribute: error.attribute })
 */
export class CorruptItemError extends ClaimsmithError {
  override readonly name: string = 'CorruptItemError'
  readonly key: ItemKey
  readonly attribute: string

  constructor(key: ItemKey, attribute: string, problem: string) {
    super(
      'STORE_ITEM_CORRUPT',
      `stored item ${key.pk} ${key.sk} is corrupt: "${attribute}" ${problem}`,
    )
    this.key = key
    this.attribute = attribute
  }
}

/**
 * A conditional write lost: the item was created, changed or deleted since the
 * version the writer expected. Read it again and retry.
 *
 * @example
 * try { await writer.setUserActive(sub, false, { expectedVersion: 3 }) }
 * catch (error) { if (error instanceof ItemVersionConflictError) retry() }
 */
export class ItemVersionConflictError extends ClaimsmithError {
  override readonly name: string = 'ItemVersionConflictError'
  readonly key: ItemKey
  /** The version the write was conditional on; `undefined` for a create. */
  readonly expectedVersion: number | undefined

  constructor(key: ItemKey, expectedVersion: number | undefined, options?: ErrorOptions) {
    super(
      'ITEM_VERSION_CONFLICT',
      expectedVersion === undefined
        ? `item ${key.pk} ${key.sk} already exists`
        : `item ${key.pk} ${key.sk} is no longer at version ${expectedVersion}`,
      options,
    )
    this.key = key
    this.expectedVersion = expectedVersion
  }
}

/**
 * A write that changes part of an item found no item to change.
 *
 * @example
 * await writer.setUserActive('unknown-sub', false) // rejects with ItemNotFoundError
 */
export class ItemNotFoundError extends ClaimsmithError {
  override readonly name: string = 'ItemNotFoundError'
  readonly key: ItemKey

  constructor(key: ItemKey) {
    super('STORE_ITEM_NOT_FOUND', `item ${key.pk} ${key.sk} does not exist`)
    this.key = key
  }
}
