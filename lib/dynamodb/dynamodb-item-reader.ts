import type { DynamoDBDocumentClient, ExecuteStatementCommandOutput } from '@aws-sdk/lib-dynamodb'
import { ExecuteStatementCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { ClaimsStoreRejectedError, ClaimsStoreUnavailableError } from '../core/errors.js'
import { watchAbort } from '../core/watch-abort.js'
import { callDynamoDb } from './call-dynamodb.js'
import type { ItemKey } from './item-keys.js'
import { requireTableSettings } from './require-table-settings.js'

/** One item to read by its key. */
export interface ItemRead {
  readonly key: ItemKey
  /** The item in words, for errors: `'the user'`, `'the client'`. */
  readonly what: string
  /** Read strongly consistently. Only reads that agree on it are sent together. */
  readonly consistentRead: boolean
}

/** Every item of one partition, in sort-key order. */
export interface PartitionRead {
  readonly pk: string
  /** The items in words, for errors: `'the configuration'`. */
  readonly what: string
  readonly consistentRead: boolean
  /** Items per Query page when read on its own. Default: DynamoDB's (up to 1 MB a page). */
  readonly pageSize?: number | undefined
}

/** Settings for `DynamoDbItemReader`. */
export interface DynamoDbItemReaderOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /**
   * Told when DynamoDB refuses a read sent together for good (not allowed by
   * the role, or not supported by a DynamoDB emulator): those reads are then
   * sent apart, and so are all later ones. Default: nobody.
   */
  readonly onTogetherRefused?: ((error: ClaimsStoreRejectedError) => void) | undefined
}

type Item = Record<string, unknown>

type QueuedRead =
  | {
      readonly kind: 'item'
      readonly read: ItemRead
      readonly signal: AbortSignal | undefined
      resolve: (item: Item | undefined) => void
      reject: (error: unknown) => void
    }
  | {
      readonly kind: 'partition'
      readonly read: PartitionRead
      readonly signal: AbortSignal | undefined
      resolve: (items: Item[]) => void
      reject: (error: unknown) => void
    }

/** Partition key values one statement names at most. */
const MAX_PARTITIONS_PER_STATEMENT = 50

/**
 * Reads items by key, and whole partitions, from one table. A read on its
 * own is one GetItem, or one Query a page. The reads started inside one
 * `together` call that agree on consistency are sent when it returns as one
 * PartiQL `SELECT * … WHERE pk IN [?, …]` (ExecuteStatement, a page at a
 * time): one request where a cold invocation would send one per read. An
 * `IN` on the partition key reads those partitions only, never the table.
 * Each caller's wait ends at its own signal; the request itself is aborted
 * only by a signal every read in it shares. When DynamoDB refuses such a
 * statement for good (`AccessDeniedException`, an emulator without PartiQL),
 * the reads are sent apart, now and from then on.
 *
 * Share one reader between the store and the configuration source.
 *
 * @example
 * const reader = new DynamoDbItemReader({ client, tableName: 'claims' })
 * const [user, configuration] = reader.together(() => [
 *   reader.read({ key: userKey(sub), what: 'the user', consistentRead: false }, signal),
 *   reader.readPartition({ pk: 'CONFIG', what: 'the configuration', consistentRead: false }),
 * ])
 */
export class DynamoDbItemReader {
  readonly tableName: string
  readonly #client: DynamoDBDocumentClient
  readonly #onTogetherRefused: (error: ClaimsStoreRejectedError) => void
  #queue: QueuedRead[] | undefined
  #togetherRefused = false

  constructor(options: DynamoDbItemReaderOptions) {
    requireTableSettings('DynamoDbItemReader', options)
    this.#client = options.client
    this.tableName = options.tableName
    this.#onTogetherRefused = options.onTogetherRefused ?? (() => {})
  }

  /** The item under `read.key`, or `undefined` when there is none. */
  read(read: ItemRead, signal?: AbortSignal): Promise<Item | undefined> {
    const queue = this.#queue
    if (queue === undefined || signal?.aborted) return this.#getItem(read, signal)
    return new Promise((resolve, reject) => {
      queue.push({ kind: 'item', read, signal, resolve, reject })
    })
  }

  /** Every item of the partition `read.pk`, in sort-key order. */
  readPartition(read: PartitionRead, signal?: AbortSignal): Promise<Item[]> {
    const queue = this.#queue
    if (queue === undefined || signal?.aborted) return this.#queryPartition(read, signal)
    return new Promise((resolve, reject) => {
      queue.push({ kind: 'partition', read, signal, resolve, reject })
    })
  }

  /**
   * Runs `start`, holding back the reads it starts on this reader, then sends
   * them together. Synchronous: only reads started before `start` returns are
   * held. Inside another `together`, the reads join the outer one.
   */
  together<T>(start: () => T): T {
    if (this.#queue !== undefined) return start()
    const queue: QueuedRead[] = []
    this.#queue = queue
    try {
      return start()
    } finally {
      this.#queue = undefined
      this.#send(queue)
    }
  }

  #send(queue: readonly QueuedRead[]): void {
    for (const consistentRead of [false, true]) {
      const group = queue.filter((queued) => queued.read.consistentRead === consistentRead)
      if (group.length === 1 || (group.length > 1 && this.#togetherRefused)) {
        for (const queued of group) this.#sendApart(queued)
      } else if (group.length > 1) {
        const partitions = [...new Set(group.map(partitionOf))]
        for (let start = 0; start < partitions.length; start += MAX_PARTITIONS_PER_STATEMENT) {
          const chunk = new Set(partitions.slice(start, start + MAX_PARTITIONS_PER_STATEMENT))
          const reads = group.filter((queued) => chunk.has(partitionOf(queued)))
          this.#sendTogether(reads, [...chunk], consistentRead).catch((error: unknown) => {
            for (const queued of reads) queued.reject(error)
          })
        }
      }
    }
  }

  /** A held read, sent on its own as if it had not been held. */
  #sendApart(queued: QueuedRead): void {
    if (queued.kind === 'item') {
      this.#getItem(queued.read, queued.signal).then(queued.resolve, queued.reject)
    } else {
      this.#queryPartition(queued.read, queued.signal).then(queued.resolve, queued.reject)
    }
  }

  async #sendTogether(
    reads: readonly QueuedRead[],
    partitions: readonly string[],
    consistentRead: boolean,
  ): Promise<void> {
    const operation = `DynamoDB ExecuteStatement of ${[...new Set(reads.map((queued) => queued.read.what))].join(' and ')}`
    const signal = sharedSignal(reads)
    // Aborted only by a signal all share; each other read stops waiting at its own.
    if (signal === undefined) for (const queued of reads) endWaitAtSignal(queued)
    const statement = `SELECT * FROM "${this.tableName}" WHERE pk IN [${partitions.map(() => '?').join(', ')}]`
    const items: Item[] = []
    try {
      let nextToken: string | undefined
      do {
        const page: ExecuteStatementCommandOutput = await callDynamoDb(
          operation,
          signal,
          (options) =>
            this.#client.send(
              new ExecuteStatementCommand({
                Statement: statement,
                Parameters: [...partitions],
                ConsistentRead: consistentRead,
                ...(nextToken === undefined ? {} : { NextToken: nextToken }),
              }),
              options,
            ),
        )
        for (const item of page.Items ?? []) items.push(item)
        nextToken = page.NextToken
      } while (nextToken !== undefined)
    } catch (error) {
      if (!(error instanceof ClaimsStoreRejectedError)) throw error
      this.#togetherRefused = true
      this.#onTogetherRefused(error)
      for (const queued of reads) this.#sendApart(queued)
      return
    }
    const byPartition = new Map<string, Item[]>()
    for (const item of items) {
      const pk = String(item.pk)
      const inPartition = byPartition.get(pk)
      if (inPartition === undefined) byPartition.set(pk, [item])
      else inPartition.push(item)
    }
    for (const queued of reads) {
      const inPartition = byPartition.get(partitionOf(queued)) ?? []
      if (queued.kind === 'partition') {
        queued.resolve([...inPartition].sort(bySortKey))
      } else {
        const { sk } = queued.read.key
        queued.resolve(inPartition.find((item) => item.sk === sk))
      }
    }
  }

  #getItem(read: ItemRead, signal: AbortSignal | undefined): Promise<Item | undefined> {
    return callDynamoDb(`DynamoDB GetItem of ${read.what}`, signal, (options) =>
      this.#client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: read.key,
          ConsistentRead: read.consistentRead,
        }),
        options,
      ),
    ).then((output) => output.Item)
  }

  async #queryPartition(read: PartitionRead, signal: AbortSignal | undefined): Promise<Item[]> {
    const items: Item[] = []
    let exclusiveStartKey: Record<string, unknown> | undefined
    do {
      const page = await callDynamoDb(`DynamoDB Query of ${read.what}`, signal, (options) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': read.pk },
            ConsistentRead: read.consistentRead,
            ...(read.pageSize === undefined ? {} : { Limit: read.pageSize }),
            ...(exclusiveStartKey === undefined ? {} : { ExclusiveStartKey: exclusiveStartKey }),
          }),
          options,
        ),
      )
      for (const item of page.Items ?? []) items.push(item)
      exclusiveStartKey = page.LastEvaluatedKey
    } while (exclusiveStartKey !== undefined)
    return items
  }
}

function partitionOf(queued: QueuedRead): string {
  return queued.kind === 'item' ? queued.read.key.pk : queued.read.pk
}

/** DynamoDB's order of string sort keys: by their UTF-8 bytes. */
function bySortKey(a: Item, b: Item): number {
  return Buffer.compare(Buffer.from(String(a.sk)), Buffer.from(String(b.sk)))
}

/** Makes a held read reject when its own signal aborts, whatever its request does. */
function endWaitAtSignal(queued: QueuedRead): void {
  const { signal } = queued
  if (signal === undefined) return
  const held = queued as { resolve: (value: unknown) => void; reject: (error: unknown) => void }
  const { resolve, reject } = held
  const abandon = () =>
    reject(
      new ClaimsStoreUnavailableError(`DynamoDB read of ${queued.read.what} was aborted`, {
        cause: signal.reason,
      }),
    )
  if (signal.aborted) {
    abandon()
    return
  }
  const stop = watchAbort(signal, abandon)
  held.resolve = (value) => {
    stop()
    resolve(value)
  }
  held.reject = (error) => {
    stop()
    reject(error)
  }
}

/** The signal every read names, when they all name the same one; else none. */
function sharedSignal(reads: readonly QueuedRead[]): AbortSignal | undefined {
  const signal = reads[0]?.signal
  return reads.every((queued) => queued.signal === signal) ? signal : undefined
}

/**
 * `options.reader` when it reads `options.tableName`; a new reader over
 * `options.client` when there is none. For the constructors that take one.
 */
export function ownOrSharedReader(
  owner: string,
  options: DynamoDbItemReaderOptions & { readonly reader?: DynamoDbItemReader | undefined },
): DynamoDbItemReader {
  const { reader } = options
  if (reader === undefined) return new DynamoDbItemReader(options)
  if (!(reader instanceof DynamoDbItemReader) || reader.tableName !== options.tableName) {
    throw new TypeError(
      `${owner}: reader must be a DynamoDbItemReader of table ${options.tableName}`,
    )
  }
  return reader
}
