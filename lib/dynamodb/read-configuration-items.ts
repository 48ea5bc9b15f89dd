import type { VersionedConfigurationItem } from './configuration-item.js'
import type { DynamoDbItemReader } from './dynamodb-item-reader.js'
import { CONFIGURATION_PARTITION } from './item-keys.js'
import { parseConfigurationItem } from './parse-configuration-item.js'
import type { InvalidClaimReporter } from './parse-stored-claims.js'

/** How to read the `CONFIG` partition. */
export interface ReadConfigurationItemsOptions {
  readonly reader: DynamoDbItemReader
  /** Items per Query page; DynamoDB's own 1 MB page limit applies either way. */
  readonly pageSize?: number | undefined
  readonly onInvalidClaim: InvalidClaimReporter
  readonly signal?: AbortSignal | undefined
}

/**
 * Every item of the `CONFIG` partition, in sort-key order: one Query per
 * page, or part of one statement when the reader sends reads together.
 * These are the resources, and the clients a schema-1 table still keeps
 * there.
 */
export async function readConfigurationItems(
  options: ReadConfigurationItemsOptions,
): Promise<VersionedConfigurationItem[]> {
  const { reader, pageSize, onInvalidClaim, signal } = options
  const items = await reader.readPartition(
    { pk: CONFIGURATION_PARTITION, what: 'the configuration', consistentRead: false, pageSize },
    signal,
  )
  return items.map((item) => parseConfigurationItem(item, onInvalidClaim))
}
