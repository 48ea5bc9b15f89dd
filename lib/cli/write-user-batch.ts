import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { Claim, StoredUser } from '../core/index.js'
import { CLAIMS_SCHEMA_VERSION, userItem, userKey } from '../dynamodb/index.js'
import { backoffDelay, type ResolvedRetryOptions } from './backoff.js'
import type { ImportFailure } from './read-user-records.js'

/** DynamoDB's limit of items per BatchWriteItem. */
export const BATCH_WRITE_LIMIT = 25

/** A valid user to import and the line it came from. */
export interface UserToWrite {
  readonly line: number
  readonly user: StoredUser
}

/** What one batch did. */
export interface UserBatchOutcome {
  readonly written: number
  /** Users whose stored item already equals the record. */
  readonly skipped: number
  readonly failures: readonly ImportFailure[]
}

type Item = Record<string, unknown>

function sameClaims(stored: unknown, claims: readonly Claim[]): boolean {
  if (!Array.isArray(stored) || stored.length !== claims.length) return false
  return stored.every((entry: unknown, index) => {
    const claim = claims[index] as Claim
    if (typeof entry !== 'object' || entry === null) return false
    const { type, value, valueType, ...rest } = entry as Record<string, unknown>
    return (
      Object.keys(rest).length === 0 &&
      type === claim.type &&
      value === claim.value &&
      valueType === claim.valueType
    )
  })
}

function isUpToDate(stored: Item, user: StoredUser): boolean {
  return (
    stored.kind === 'user' &&
    stored.schemaVersion === CLAIMS_SCHEMA_VERSION &&
    stored.sub === user.sub &&
    stored.active === user.active &&
    sameClaims(stored.claims, user.claims)
  )
}

function nextVersion(stored: Item | undefined): number {
  const version = stored?.version
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1
    ? version + 1
    : 1
}

async function withRetries<T>(
  pending: T[],
  retry: ResolvedRetryOptions,
  signal: AbortSignal | undefined,
  send: (items: T[]) => Promise<T[]>,
): Promise<T[]> {
  let left = pending
  for (let attempt = 1; left.length > 0; attempt++) {
    if (attempt > 1) await retry.sleep(backoffDelay(attempt - 1, retry), signal)
    left = await send(left)
    if (attempt >= retry.maxAttempts) break
  }
  return left
}

/**
 * Imports up to 25 users: one consistent BatchGetItem reads their items,
 * users already stored as in the record are skipped, the others are put
 * whole with one BatchWriteItem, `version` one past the stored one (1 for a
 * new user). What DynamoDB leaves unprocessed is retried with exponential
 * back-off and jitter, `retry.maxAttempts` times in all; what is still left
 * fails. A batch write has no condition: a change made between the read and
 * the write is overwritten (last writer wins). A request that fails outright
 * rejects.
 *
 * @example
 * await writeUserBatch(client, 'claims', [{ line: 1, user }], resolveRetryOptions())
 */
export async function writeUserBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  batch: readonly UserToWrite[],
  retry: ResolvedRetryOptions,
  signal?: AbortSignal,
): Promise<UserBatchOutcome> {
  if (batch.length > BATCH_WRITE_LIMIT) {
    throw new TypeError(`writeUserBatch: at most ${BATCH_WRITE_LIMIT} users per batch`)
  }
  const options = signal === undefined ? {} : { abortSignal: signal }
  const stored = new Map<string, Item>()
  const unread = await withRetries(
    batch.map(({ user }): Item => ({ ...userKey(user.sub) })),
    retry,
    signal,
    async (keys) => {
      const answer = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } },
        }),
        options,
      )
      for (const item of answer.Responses?.[tableName] ?? []) stored.set(String(item.pk), item)
      return answer.UnprocessedKeys?.[tableName]?.Keys ?? []
    },
  )
  const unreadKeys = new Set(unread.map((key) => String(key.pk)))

  const failures: ImportFailure[] = []
  const puts: Item[] = []
  const lineOf = new Map<string, number>()
  let skipped = 0
  for (const { line, user } of batch) {
    const key = userKey(user.sub)
    if (unreadKeys.has(key.pk)) {
      failures.push({
        line,
        sub: user.sub,
        message: `not written: its current version could not be read after ${retry.maxAttempts} attempts (the table is throttling); run the import again`,
      })
      continue
    }
    const current = stored.get(key.pk)
    if (current !== undefined && isUpToDate(current, user)) {
      skipped += 1
      continue
    }
    lineOf.set(key.pk, line)
    // A replaced user stays signed out: the import's rows carry no sign-out time.
    const signedOut = current?.tokensValidAfter
    const replacement =
      user.tokensValidAfter === undefined && typeof signedOut === 'number'
        ? { ...user, tokensValidAfter: signedOut }
        : user
    puts.push(userItem(replacement, nextVersion(current)))
  }

  const unwritten = await withRetries(
    puts.map((Item) => ({ PutRequest: { Item } })),
    retry,
    signal,
    async (requests) => {
      const answer = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        options,
      )
      return (answer.UnprocessedItems?.[tableName] ?? []) as typeof requests
    },
  )
  for (const request of unwritten) {
    const item = request.PutRequest.Item
    failures.push({
      line: lineOf.get(String(item.pk)) ?? 0,
      sub: String(item.sub),
      message: `not written: DynamoDB left it unprocessed ${retry.maxAttempts} times (the table is throttling); run the import again`,
    })
  }
  return { written: puts.length - unwritten.length, skipped, failures }
}
