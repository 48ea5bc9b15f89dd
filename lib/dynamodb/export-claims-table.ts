import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from './call-dynamodb.js'
import { configurationItemName, type VersionedConfigurationItem } from './configuration-item.js'
import { DynamoDbItemReader } from './dynamodb-item-reader.js'
import { CLIENT_KEY_PREFIX, CLIENT_SORT_KEY, USER_KEY_PREFIX, USER_SORT_KEY } from './item-keys.js'
import { parseConfigurationItem } from './parse-configuration-item.js'
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
  /** API resources, API scopes, clients, identity resources, each by name. */
  readonly configuration: readonly VersionedConfigurationItem[]
  /** In `sub` order. */
  readonly users: readonly VersionedUser[]
  /**
   * Clients still kept in `CONFIG` by schema version 1, by id. They are in
   * `configuration` too unless the same client also has its own item, which
   * wins. `claimsmith migrate` moves them; apply refuses to write until then.
   */
  readonly legacyClientIds: readonly string[]
}

const KIND_ORDER = ['apiResource', 'apiScope', 'client', 'identityResource'] as const

function compareItems(a: VersionedConfigurationItem, b: VersionedConfigurationItem): number {
  const byKind = KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)
  if (byKind !== 0) return byKind
  const [nameA, nameB] = [configurationItemName(a), configurationItemName(b)]
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0
}

/**
 * Reads the whole table for the CLI's export and plan: the `CONFIG`
 * partition (the resources) with one Query per page, the users and the
 * clients with one Scan per page. Reads as the store does, so a corrupt item
 * rejects with `CorruptItemError`.
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
  const inConfig = await readConfigurationItems({
    reader: new DynamoDbItemReader({ client, tableName }),
    pageSize,
    onInvalidClaim,
    signal,
  })
  const clients = new Map<string, VersionedConfigurationItem>()
  const users: VersionedUser[] = []
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await callDynamoDb('DynamoDB Scan of the users', signal, (callOptions) =>
      client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression:
            '(begins_with(pk, :user) AND sk = :profile) OR (begins_with(pk, :client) AND sk = :client_sk)',
          ExpressionAttributeValues: {
            ':user': USER_KEY_PREFIX,
            ':profile': USER_SORT_KEY,
            ':client': CLIENT_KEY_PREFIX,
            ':client_sk': CLIENT_SORT_KEY,
          },
          ...(pageSize === undefined ? {} : { Limit: pageSize }),
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
        callOptions,
      ),
    )
    for (const item of page.Items ?? []) {
      const pk = String(item.pk)
      if (pk.startsWith(USER_KEY_PREFIX)) {
        users.push(parseUserItem(item, pk.slice(USER_KEY_PREFIX.length), onInvalidClaim))
      } else {
        const parsed = parseConfigurationItem(item, onInvalidClaim)
        clients.set(configurationItemName(parsed), parsed)
      }
    }
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey !== undefined)
  users.sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0))
  const legacyClientIds: string[] = []
  const configuration: VersionedConfigurationItem[] = []
  for (const item of inConfig) {
    if (item.kind !== 'client') {
      configuration.push(item)
      continue
    }
    legacyClientIds.push(item.value.clientId)
    if (!clients.has(item.value.clientId)) configuration.push(item)
  }
  configuration.push(...clients.values())
  configuration.sort(compareItems)
  return { configuration, users, legacyClientIds }
}
