import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from '../dynamodb/call-dynamodb.js'
import { type InvalidStoredClaim, userKey, type VersionedUser } from '../dynamodb/index.js'
import { parseUserItem } from '../dynamodb/parse-user-item.js'

/** A user as read for an administrative command, with its version and unreadable claims. */
export interface ReadUserResult {
  readonly user: VersionedUser | undefined
  readonly invalidClaims: readonly InvalidStoredClaim[]
}

/**
 * Reads one user strongly consistently, with the version a conditional
 * write names; `user` is `undefined` when there is no record. A corrupt item
 * rejects with `CorruptItemError`, a failed request with
 * `ClaimsStoreUnavailableError` or `ClaimsStoreRejectedError`.
 *
 * @example
 * const { user } = await readUser(client, 'claims', '8f1c0a2e-0000-4000-8000-000000000001')
 */
export async function readUser(
  client: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
): Promise<ReadUserResult> {
  const { Item: item } = await callDynamoDb('DynamoDB GetItem of the user', undefined, (options) =>
    client.send(
      new GetCommand({ TableName: tableName, Key: userKey(sub), ConsistentRead: true }),
      options,
    ),
  )
  const invalidClaims: InvalidStoredClaim[] = []
  if (item === undefined) return { user: undefined, invalidClaims }
  return { user: parseUserItem(item, sub, (report) => invalidClaims.push(report)), invalidClaims }
}
