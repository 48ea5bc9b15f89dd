import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClaimsStoreRejectedError, ClaimsStoreUnavailableError } from '../../lib/core/index.js'
import {
  countDynamoDbRequests,
  DynamoDbClaimsStore,
  DynamoDbConfigurationSource,
  DynamoDbItemReader,
  type ItemKey,
  type ItemRead,
  type PartitionRead,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, startDynalite, type TestTable } from '../support/dynamodb.js'

const key = (n: number): ItemKey => ({ pk: `ITEM#${n}`, sk: 'PROFILE' })
const read = (n: number, consistentRead = false): ItemRead => ({
  key: key(n),
  what: `item ${n}`,
  consistentRead,
})

const partition = (pk: string, consistentRead = false): PartitionRead => ({
  pk,
  what: `partition ${pk}`,
  consistentRead,
})

/** Items 0–149 each in a partition of its own, and a partition of six sort keys. */
async function fill(table: TestTable): Promise<void> {
  const put = (item: Record<string, unknown>) =>
    table.client.send(new PutCommand({ TableName: table.tableName, Item: item }))
  for (let n = 0; n < 150; n++) await put({ ...key(n), n })
  // Written out of order, with a key past the Basic Multilingual Plane: DynamoDB orders by UTF-8 bytes.
  for (const sk of ['b', 'a', '\u{1F600}', '\uFFFD', 'c', 'A']) await put({ pk: 'SET', sk })
}

const SET_ORDER = ['A', 'a', 'b', 'c', '\uFFFD', '\u{1F600}']

describe('DynamoDbItemReader on DynamoDB Local', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await dynamoDbLocal()
    await fill(table)
  })

  afterAll(async () => {
    await table.stop()
  })

  function counted(options: { readonly onTogetherRefused?: (error: Error) => void } = {}) {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const reader = new DynamoDbItemReader({ client, tableName: table.tableName, ...options })
    return { client, counter, reader }
  }

  it('reads a lone item with one GetItem, and a missing one as undefined', async () => {
    const { reader, counter } = counted()

    await expect(reader.read(read(1))).resolves.toEqual({ ...key(1), n: 1 })
    await expect(reader.read(read(999))).resolves.toBeUndefined()
    expect(counter.snapshot()).toEqual({ GetItem: 2 })
  })

  it('reads a lone partition with a Query a page, in sort-key order', async () => {
    const { reader, counter } = counted()

    const items = await reader.readPartition({ ...partition('SET'), pageSize: 4 })
    expect(items.map((item) => item.sk)).toEqual(SET_ORDER)
    expect(counter.snapshot()).toEqual({ Query: 2 })
  })

  it('sends the reads started together as one statement, each answered with its own items', async () => {
    const { reader, counter } = counted()
    const [three, missing, set, four] = reader.together(() => [
      reader.read(read(3)),
      reader.read(read(999)),
      reader.readPartition(partition('SET')),
      reader.read(read(4)),
    ])

    await expect(three).resolves.toEqual({ ...key(3), n: 3 })
    await expect(missing).resolves.toBeUndefined()
    expect(((await set) as Record<string, unknown>[]).map((item) => item.sk)).toEqual(SET_ORDER)
    await expect(four).resolves.toEqual({ ...key(4), n: 4 })
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })
  })

  it('answers only the item asked for from a partition read by key', async () => {
    const { reader } = counted()
    const [item, none] = reader.together(() => [
      reader.read({ key: { pk: 'SET', sk: 'b' }, what: 'one of the set', consistentRead: false }),
      reader.read({ key: { pk: 'SET', sk: 'z' }, what: 'none of the set', consistentRead: false }),
    ])

    await expect(item).resolves.toEqual({ pk: 'SET', sk: 'b' })
    await expect(none).resolves.toBeUndefined()
  })

  it('sends keys as parameters: a key written as PartiQL reads only itself', async () => {
    const hostile = `USER#x' OR pk <> 'y`
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { pk: hostile, sk: 'PROFILE', n: -1 } }),
    )
    const { reader, counter } = counted()
    const [item, none] = reader.together(() => [
      reader.read({ key: { pk: hostile, sk: 'PROFILE' }, what: 'the user', consistentRead: false }),
      reader.readPartition(partition(`"] OR true --`)),
    ])

    await expect(item).resolves.toEqual({ pk: hostile, sk: 'PROFILE', n: -1 })
    await expect(none).resolves.toEqual([])
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })
  })

  it('answers a key read twice together, both times', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => [reader.read(read(5)), reader.read(read(5))])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(5), n: 5 },
      { ...key(5), n: 5 },
    ])
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })
  })

  it('sends reads apart that do not agree on consistency, each as asked', async () => {
    const { client, reader, counter } = counted()
    const consistency: unknown[] = []
    client.middlewareStack.add(
      (next) => async (args) => {
        consistency.push((args.input as { ConsistentRead?: unknown }).ConsistentRead)
        return next(args)
      },
      { step: 'initialize', name: 'captureConsistentRead' },
    )
    const reads = reader.together(() => [reader.read(read(6, true)), reader.read(read(7, false))])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(6), n: 6 },
      { ...key(7), n: 7 },
    ])
    expect(counter.snapshot()).toEqual({ GetItem: 2 })
    expect(consistency.sort()).toEqual([false, true])
  })

  it('names at most 50 partitions a statement', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => Array.from({ length: 120 }, (_, n) => reader.read(read(n))))

    const items = await Promise.all(reads)
    expect(items.map((item) => item?.n)).toEqual(Array.from({ length: 120 }, (_, n) => n))
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 3 })
  })

  it('follows the statement from page to page', async () => {
    const { reader, counter } = counted()
    // Twelve items of 100 KB: more than DynamoDB's 1 MB a page.
    const filler = 'x'.repeat(100_000)
    for (let n = 0; n < 12; n++) {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { pk: 'BIG', sk: `${n}`.padStart(2, '0'), filler },
        }),
      )
    }
    const [big, one] = reader.together(() => [
      reader.readPartition(partition('BIG')),
      reader.read(read(1)),
    ])

    expect((await big).map((item) => item.sk)).toEqual(
      Array.from({ length: 12 }, (_, n) => `${n}`.padStart(2, '0')),
    )
    await expect(one).resolves.toEqual({ ...key(1), n: 1 })
    expect(counter.count('ExecuteStatement')).toBeGreaterThan(1)
  })

  it('joins the reads of a nested together to the outer one', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => [
      reader.read(read(8)),
      ...reader.together(() => [reader.read(read(9))]),
    ])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(8), n: 8 },
      { ...key(9), n: 9 },
    ])
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })
  })

  it('rejects every read of a statement that fails for a while, naming what was read', async () => {
    const client = table.newClient({ maxAttempts: 1 })
    // A throttled statement, as DynamoDB answers one: a 400 it marks retryable.
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ThrottlingException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        })
      },
      { step: 'finalizeRequest', name: 'throttle' },
    )
    const reader = new DynamoDbItemReader({ client, tableName: table.tableName })
    const reads = reader.together(() => [
      reader.read({ key: key(1), what: 'the user', consistentRead: false }),
      reader.readPartition({ pk: 'SET', what: 'the configuration', consistentRead: false }),
    ])

    for (const result of await Promise.allSettled(reads)) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
      expect(error.message).toBe(
        'DynamoDB ExecuteStatement of the user and the configuration failed',
      )
    }
  })

  it("ends a read's wait at its own signal, and the other read sent with it still gets its item", async () => {
    const { reader } = counted()
    const controller = new AbortController()
    const [aborted, other] = reader.together(() => [
      reader.read(read(12), controller.signal),
      reader.read(read(13)),
    ])
    controller.abort(new Error('deadline'))

    await expect(aborted).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    await expect(aborted).rejects.toThrow('DynamoDB read of item 12 was aborted')
    await expect(other).resolves.toEqual({ ...key(13), n: 13 })
  })

  it('sends nothing for a read whose signal has already aborted', async () => {
    const { reader, counter } = counted()
    const signal = AbortSignal.abort(new Error('too late'))
    const reads = reader.together(() => [reader.read(read(14), signal), reader.read(read(15))])

    const [late, other] = await Promise.allSettled(reads)
    expect(late).toMatchObject({
      status: 'rejected',
      reason: expect.any(ClaimsStoreUnavailableError),
    })
    expect(other).toEqual({ status: 'fulfilled', value: { ...key(15), n: 15 } })
    expect(counter.snapshot()).toEqual({ GetItem: 1 })
  })

  it('is refused by the store and the configuration source when it reads another table', () => {
    const reader = new DynamoDbItemReader({ client: table.client, tableName: 'other' })
    const options = { client: table.client, tableName: table.tableName, reader }

    expect(() => new DynamoDbClaimsStore(options)).toThrow(
      `DynamoDbClaimsStore: reader must be a DynamoDbItemReader of table ${table.tableName}`,
    )
    expect(() => new DynamoDbConfigurationSource(options)).toThrow(
      `DynamoDbConfigurationSource: reader must be a DynamoDbItemReader of table ${table.tableName}`,
    )
  })
})

describe('DynamoDbItemReader where DynamoDB refuses the statement (dynalite has no PartiQL)', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
    await fill(table)
  })

  afterAll(async () => {
    await table.stop()
  })

  it('sends the reads apart, says so once, and sends later ones apart at once', async () => {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const refusals: Error[] = []
    const reader = new DynamoDbItemReader({
      client,
      tableName: table.tableName,
      onTogetherRefused: (error) => refusals.push(error),
    })
    const first = reader.together(() => [
      reader.read(read(1)),
      reader.readPartition(partition('SET')),
    ])

    const [one, set] = await Promise.all(first)
    expect(one).toEqual({ ...key(1), n: 1 })
    expect((set as Record<string, unknown>[]).map((item) => item.sk)).toEqual(SET_ORDER)
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1, GetItem: 1, Query: 1 })
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toBeInstanceOf(ClaimsStoreRejectedError)
    expect(refusals[0]?.message).toContain(
      'DynamoDB ExecuteStatement of item 1 and partition SET failed permanently',
    )

    counter.reset()
    await Promise.all(reader.together(() => [reader.read(read(2)), reader.read(read(3))]))
    expect(counter.snapshot()).toEqual({ GetItem: 2 })
    expect(refusals).toHaveLength(1)
  })
})
