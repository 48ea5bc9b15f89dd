import type { BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb'
import { ClaimsStoreUnavailableError } from '../core/errors.js'
import { untilAborted } from '../core/until-aborted.js'
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

/** Settings for `DynamoDbItemReader`. */
export interface DynamoDbItemReaderOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
}

type Item = Record<string, unknown>

interface QueuedRead {
  readonly read: ItemRead
  readonly signal: AbortSignal | undefined
  resolve(item: Item | undefined): void
  reject(error: unknown): void
}

/** BatchGetItem takes at most 100 keys a request. */
const MAX_BATCH_KEYS = 100

function keyId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`
}

/**
 * Reads items by key from one table. A read on its own is one GetItem. The
 * reads started inside one `together` call are sent when it returns, as one
 * BatchGetItem (those that agree on `consistentRead`; a lone one still as a
 * GetItem), so a cold invocation that needs its user and its client pays
 * for one request, not two. A key BatchGetItem leaves unprocessed is read
 * again on its own. Each caller's wait ends at its own signal; the request
 * itself is aborted only by a signal every read in it shares.
 *
 * Share one reader between the store and the configuration source.
 *
 * @example
 * const reader = new DynamoDbItemReader({ client, tableName: 'claims' })
 * const [user, client] = reader.together(() => [
 *   reader.read({ key: userKey(sub), what: 'the user', consistentRead: false }, signal),
 *   reader.read({ key: configurationItemKey('client', id), what: 'the client', consistentRead: false }),
 * ])
 */
export class DynamoDbItemReader {
  readonly tableName: string
  readonly #client: DynamoDBDocumentClient
  #queue: QueuedRead[] | undefined

  constructor(options: DynamoDbItemReaderOptions) {
    requireTableSettings('DynamoDbItemReader', options)
    this.#client = options.client
    this.tableName = options.tableName
  }

  /** The item under `read.key`, or `undefined` when there is none. */
  read(read: ItemRead, signal?: AbortSignal): Promise<Item | undefined> {
    const queue = this.#queue
    if (queue === undefined) return this.#get(read, signal)
    if (signal?.aborted) return this.#get(read, signal)
    const queued = new Promise<Item | undefined>((resolve, reject) => {
      queue.push({ read, signal, resolve, reject })
    })
    if (signal === undefined) return queued
    return untilAborted(
      queued,
      signal,
      (cause) =>
        new ClaimsStoreUnavailableError(`DynamoDB read of ${read.what} was aborted`, { cause }),
    )
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

  #get(read: ItemRead, signal: AbortSignal | undefined): Promise<Item | undefined> {
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

  #send(queue: readonly QueuedRead[]): void {
    for (const consistentRead of [false, true]) {
      // One entry per distinct key: BatchGetItem refuses a key asked twice.
      const byKey = new Map<string, QueuedRead[]>()
      for (const queued of queue) {
        if (queued.read.consistentRead !== consistentRead) continue
        const id = keyId(queued.read.key)
        const readers = byKey.get(id)
        if (readers === undefined) byKey.set(id, [queued])
        else readers.push(queued)
      }
      const groups = [...byKey.values()]
      for (let start = 0; start < groups.length; start += MAX_BATCH_KEYS) {
        const batch = groups.slice(start, start + MAX_BATCH_KEYS)
        if (batch.length === 1) this.#sendOne(batch[0] as QueuedRead[])
        else {
          this.#sendBatch(batch, consistentRead).catch((error: unknown) => {
            for (const queued of batch.flat()) queued.reject(error)
          })
        }
      }
    }
  }

  /** A lone key: a GetItem, aborted only by a signal all its readers share. */
  #sendOne(readers: readonly QueuedRead[]): void {
    const first = readers[0] as QueuedRead
    this.#get(first.read, sharedSignal(readers)).then(
      (item) => {
        for (const queued of readers) queued.resolve(item)
      },
      (error: unknown) => {
        for (const queued of readers) queued.reject(error)
      },
    )
  }

  async #sendBatch(batch: readonly QueuedRead[][], consistentRead: boolean): Promise<void> {
    const all = batch.flat()
    const names = [...new Set(batch.map((readers) => (readers[0] as QueuedRead).read.what))]
    let output: BatchGetCommandOutput
    try {
      output = await callDynamoDb(
        `DynamoDB BatchGetItem of ${names.join(' and ')}`,
        sharedSignal(all),
        (options) =>
          this.#client.send(
            new BatchGetCommand({
              RequestItems: {
                [this.tableName]: {
                  Keys: batch.map((readers) => (readers[0] as QueuedRead).read.key),
                  ConsistentRead: consistentRead,
                },
              },
            }),
            options,
          ),
      )
    } catch (error) {
      for (const queued of all) queued.reject(error)
      return
    }
    const found = new Map<string, Item>()
    for (const item of output.Responses?.[this.tableName] ?? []) {
      found.set(keyId(item as unknown as ItemKey), item)
    }
    const unprocessed = new Set<string>()
    for (const key of output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) {
      unprocessed.add(keyId(key as unknown as ItemKey))
    }
    for (const readers of batch) {
      const id = keyId((readers[0] as QueuedRead).read.key)
      if (unprocessed.has(id)) {
        this.#sendOne(readers)
      } else {
        const item = found.get(id)
        for (const queued of readers) queued.resolve(item)
      }
    }
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
