import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { callDynamoDb } from './call-dynamodb.js'
import { USER_KEY_PREFIX, USER_SORT_KEY } from './item-keys.js'
import { type InvalidClaimReporter, ignoreInvalidClaim } from './parse-stored-claims.js'
import { parseUserItem, type VersionedUser } from './parse-user-item.js'
import { requireTableSettings } from './require-table-settings.js'

/** Settings for `scanUsers`. */
export interface ScanUsersOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Parallel Scan segments. Default 4. */
  readonly segments?: number
  /** Pages each segment may read ahead of the one being handed out. Default 2. */
  readonly readAhead?: number
  /** Told about each stored claim left out as invalid. Default: nobody. */
  readonly onInvalidClaim?: InvalidClaimReporter
  readonly signal?: AbortSignal
}

interface Segment {
  readonly pages: VersionedUser[][]
  done: boolean
  failure: { readonly error: unknown } | undefined
  /** Wakes the consumer waiting for this segment's next page, or the reader waiting for room. */
  wake: (() => void) | undefined
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`scanUsers: ${name} must be a positive integer`)
  }
  return value
}

/**
 * Every user in the table, as a stream: `segments` parallel Scans, each
 * reading at most `readAhead` pages (1 MB each at most) ahead, so memory
 * stays bounded whatever the table's size. Users come segment by segment,
 * each segment in DynamoDB's key order, so the same table gives the same
 * order every time. A corrupt user item rejects with `CorruptItemError`; a
 * failed request with `ClaimsStoreUnavailableError`.
 *
 * @example
 * for await (const user of scanUsers({ client, tableName: 'claims', segments: 8 })) write(user)
 */
export async function* scanUsers(options: ScanUsersOptions): AsyncGenerator<VersionedUser> {
  requireTableSettings('scanUsers', options)
  const { client, tableName, signal } = options
  const total = positive('segments', options.segments ?? 4)
  const readAhead = positive('readAhead', options.readAhead ?? 2)
  const onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  const stop = new AbortController()
  const scanSignal = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal])
  const segments: Segment[] = Array.from({ length: total }, () => ({
    pages: [],
    done: false,
    failure: undefined,
    wake: undefined,
  }))
  const notify = (segment: Segment) => {
    const wake = segment.wake
    segment.wake = undefined
    wake?.()
  }
  const read = async (index: number) => {
    const segment = segments[index] as Segment
    let exclusiveStartKey: Record<string, unknown> | undefined
    try {
      do {
        while (segment.pages.length >= readAhead && !scanSignal.aborted) {
          await new Promise<void>((resolve) => {
            segment.wake = resolve
          })
        }
        if (scanSignal.aborted) return
        const page = await callDynamoDb('DynamoDB Scan of the users', scanSignal, (call) =>
          client.send(
            new ScanCommand({
              TableName: tableName,
              Segment: index,
              TotalSegments: total,
              FilterExpression: 'begins_with(pk, :user) AND sk = :profile',
              ExpressionAttributeValues: { ':user': USER_KEY_PREFIX, ':profile': USER_SORT_KEY },
              ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
            }),
            call,
          ),
        )
        const users = (page.Items ?? []).map((item) =>
          parseUserItem(item, String(item.pk).slice(USER_KEY_PREFIX.length), onInvalidClaim),
        )
        segment.pages.push(users)
        exclusiveStartKey = page.LastEvaluatedKey
        notify(segment)
      } while (exclusiveStartKey !== undefined)
    } catch (error) {
      segment.failure = { error }
    } finally {
      segment.done = true
      notify(segment)
    }
  }
  const readers = segments.map((_, index) => read(index))
  try {
    for (const segment of segments) {
      for (;;) {
        const page = segment.pages.shift()
        if (page !== undefined) {
          notify(segment)
          yield* page
          continue
        }
        if (segment.failure !== undefined) throw segment.failure.error
        if (segment.done) break
        await new Promise<void>((resolve) => {
          segment.wake = resolve
        })
      }
    }
  } finally {
    stop.abort()
    for (const segment of segments) notify(segment)
    await Promise.allSettled(readers)
  }
}
