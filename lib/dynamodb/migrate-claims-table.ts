import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from './call-dynamodb.js'
import {
  CLIENT_KEY_PREFIX,
  CONFIGURATION_PARTITION,
  configurationItemKey,
  legacyClientKey,
} from './item-keys.js'
import { parseClientItem } from './parse-configuration-item.js'
import { ignoreInvalidClaim } from './parse-stored-claims.js'
import { requireTableSettings } from './require-table-settings.js'
import { storedItem } from './stored-item.js'

/** Settings for `migrateClaimsTable`. */
export interface MigrateClaimsTableOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Told about each client as it is done. Default: nobody. */
  readonly onClient?: (clientId: string, outcome: MigratedClientOutcome) => void
  readonly signal?: AbortSignal
}

/**
 * What happened to one schema-1 client: `moved` (copied to its own key and
 * removed from `CONFIG`), `already-copied` (an earlier, interrupted run had
 * copied it, or it has been written at its own key since; the old item was
 * removed), or `changed` (the old item changed while it was being moved, so
 * it was left for the next run, which copies the newer version).
 */
export type MigratedClientOutcome = 'moved' | 'already-copied' | 'changed'

/** What a migration did. */
export interface MigrateClaimsTableResult {
  readonly moved: number
  readonly alreadyCopied: number
  /** Left in place because they changed during the run: run the migration again. */
  readonly changed: number
}

/**
 * Brings a table written by schema version 1 to version 2: every client kept
 * in `CONFIG` is copied to its own item (the same attributes and version,
 * `schemaVersion` 2), then the old item is removed. Each step is conditional,
 * so the migration is idempotent and safe to interrupt and run again: a copy
 * is only ever replaced by a newer version of the old item, and an old item
 * is removed only at the version that was copied. At every point each client is readable by the functions of
 * version 2, which look for a client at its old key when its own is missing.
 * Resources and users keep their keys and are not rewritten: their shape did
 * not change, and readers take both versions.
 *
 * @example
 * const { moved } = await migrateClaimsTable({ client, tableName: 'claims' })
 */
export async function migrateClaimsTable(
  options: MigrateClaimsTableOptions,
): Promise<MigrateClaimsTableResult> {
  requireTableSettings('migrateClaimsTable', options)
  const { client, tableName, signal } = options
  const counts = { moved: 0, alreadyCopied: 0, changed: 0 }
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await callDynamoDb('DynamoDB Query of the schema-1 clients', signal, (call) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :client)',
          ExpressionAttributeValues: {
            ':pk': CONFIGURATION_PARTITION,
            ':client': CLIENT_KEY_PREFIX,
          },
          ConsistentRead: true,
          ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
        }),
        call,
      ),
    )
    for (const item of page.Items ?? []) {
      const clientId = String(item.sk).slice(CLIENT_KEY_PREFIX.length)
      const oldKey = legacyClientKey(clientId)
      // Validated first: a corrupt item stops the run (CorruptItemError names it) rather than being copied.
      const { version } = parseClientItem(item, oldKey, clientId, ignoreInvalidClaim)
      const attributes: Record<string, unknown> = { ...item }
      for (const header of ['pk', 'sk', 'kind', 'schemaVersion', 'version'])
        delete attributes[header]
      const copied = await conditionHeld('DynamoDB PutItem of a migrated client', signal, (call) =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: storedItem(
              configurationItemKey('client', clientId),
              'client',
              version,
              attributes,
            ),
            // An older copy (the old item changed after an interrupted run copied it) is replaced.
            ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
            ExpressionAttributeValues: { ':version': version },
          }),
          call,
        ),
      )
      const removed = await conditionHeld(
        'DynamoDB DeleteItem of a schema-1 client',
        signal,
        (call) =>
          client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: oldKey,
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': version },
            }),
            call,
          ),
      )
      const outcome: MigratedClientOutcome = !removed
        ? 'changed'
        : copied
          ? 'moved'
          : 'already-copied'
      if (outcome === 'moved') counts.moved++
      else if (outcome === 'already-copied') counts.alreadyCopied++
      else counts.changed++
      options.onClient?.(clientId, outcome)
    }
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey !== undefined)
  return counts
}

/** A write's condition failed: the state it guards against is already there. */
class AlreadyThere extends Error {
  override readonly name: string = 'AlreadyThere'
}

/** Sends a conditional write: true when it was made, false when its condition failed. */
function conditionHeld(
  operation: string,
  signal: AbortSignal | undefined,
  send: Parameters<typeof callDynamoDb>[2],
): Promise<boolean> {
  return callDynamoDb(
    operation,
    signal,
    (call) => send(call).then(() => true),
    () => new AlreadyThere(),
  ).catch((error: unknown) => {
    if (error instanceof AlreadyThere) return false
    throw error
  })
}
