import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from './call-dynamodb.js'
import type { VersionedConfigurationItem } from './configuration-item.js'
import { CONFIGURATION_PARTITION } from './item-keys.js'
import { parseConfigurationItem } from './parse-configuration-item.js'
import type { InvalidClaimReporter } from './parse-stored-claims.js'

/** How to read the `CONFIG` partition. */
export interface ReadConfigurationItemsOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Items per Query page; DynamoDB's own 1 MB page limit applies either way. */
  readonly pageSize?: number | undefined
  readonly onInvalidClaim: InvalidClaimReporter
  readonly signal?: AbortSignal | undefined
}

/**
 * Every item of the `CONFIG` partition, in sort-key order: one Query per
 * page. These are the resources, and the clients a schema-1 table still
 * keeps there.
 */
export async function readConfigurationItems(
  options: ReadConfigurationItemsOptions,
): Promise<VersionedConfigurationItem[]> {
  const { client, tableName, pageSize, onInvalidClaim, signal } = options
  const items: VersionedConfigurationItem[] = []
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await callDynamoDb('DynamoDB Query of the configuration', signal, (callOptions) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': CONFIGURATION_PARTITION },
          ...(pageSize === undefined ? {} : { Limit: pageSize }),
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
        callOptions,
      ),
    )
    for (const item of page.Items ?? []) items.push(parseConfigurationItem(item, onInvalidClaim))
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey !== undefined)
  return items
}
