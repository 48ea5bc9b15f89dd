import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from './call-dynamodb.js'
import type { VersionedConfigurationItem } from './configuration-item.js'
import { USER_KEY_PREFIX, USER_SORT_KEY } from './item-keys.js'
import { type InvalidClaimReporter, ignoreInvalidClaim } from './parse-stored-claims.js'
import { parseUserItem, type VersionedUser } from './parse-user-item.js'
import { readConfigurationItems } from './read-configuration-items.js'
import { requireTableSettings } from './require-table-settings.js'

/** Settings for `exportClaimsTable`. */
export interface ExportClaimsTableOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Items per Query or Scan page. Default: DynamoDB's (up to 1 MB a page). */
  readonly pageSize?: number
  /** Told about each stored claim left out as invalid. Default: nobody. */
  readonly onInvalidClaim?: InvalidClaimReporter
  readonly signal?: AbortSignal
}

/** Everything in the table, validated, with the versions a later conditional write must name. */
export interface ClaimsTableExport {
  /** In sort-key order: API resources, API scopes, clients, identity resources, each by name. */
  readonly configuration: readonly VersionedConfigurationItem[]
  /** In `sub` order. */
  readonly users: readonly VersionedUser[]
}

/**
 * Reads the whole table for the CLI's export and plan: the `CONFIG`
 * partition with one Query per page, the users with one Scan per page. Reads
 * as the store does, so a corrupt item rejects with `CorruptItemError`.
 *
 * @example
 * const { configuration, users } = await exportClaimsTable({ client, tableName: 'claims' })
 */
export async function exportClaimsTable(
  options: ExportClaimsTableOptions,
): Promise<ClaimsTableExport> {
  requireTableSettings('exportClaimsTable', options)
  const { client, tableName, pageSize, signal } = options
  const onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  const configuration = await readConfigurationItems({
    client,
    tableName,
    pageSize,
    onInvalidClaim,
    signal,
  })
  const users: VersionedUser[] = []
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await callDynamoDb('DynamoDB Scan of the users', signal, (callOptions) =>
      client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: 'begins_with(pk, :prefix) AND sk = :sk',
          ExpressionAttributeValues: { ':prefix': USER_KEY_PREFIX, ':sk': USER_SORT_KEY },
          ...(pageSize === undefined ? {} : { Limit: pageSize }),
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
        callOptions,
      ),
    )
    for (const item of page.Items ?? []) {
      const sub = String(item.pk).slice(USER_KEY_PREFIX.length)
      users.push(parseUserItem(item, sub, onInvalidClaim))
    }
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey !== undefined)
  users.sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0))
  return { configuration, users }
}
