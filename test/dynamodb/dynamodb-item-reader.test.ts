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
} from '../../lib/dynamodb/index.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'

const key = (n: number): ItemKey => ({ pk: `ITEM#${n}`, sk: 'PROFILE' })
const read = (n: number, consistentRead = false): ItemRead => ({
  key: key(n),
  what: `item ${n}`,
  consistentRead,
})

describe('DynamoDbItemReader', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
    for (let n = 0; n < 150; n++) {
      await table.client.send(
        new PutCommand({ TableName: table.tableName, Item: { ...key(n), n } }),
      )
    }
  })

  afterAll(async () => {
    await table.stop()
  })

  function counted() {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    return {
      client,
      counter,
      reader: new DynamoDbItemReader({ client, tableName: table.tableName }),
    }
  }

  it('reads a lone item with one GetItem, and a missing one as undefined', async () => {
    const { reader, counter } = counted()

    await expect(reader.read(read(1))).resolves.toEqual({ ...key(1), n: 1 })
    await expect(reader.read(read(999))).resolves.toBeUndefined()
    expect(counter.snapshot()).toEqual({ GetItem: 2 })
  })

  it('sends the reads started together as one BatchGetItem, each answered with its own item', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => [
      reader.read(read(3)),
      reader.read(read(999)),
      reader.read(read(4)),
    ])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(3), n: 3 },
      undefined,
      { ...key(4), n: 4 },
    ])
    expect(counter.snapshot()).toEqual({ BatchGetItem: 1 })
  })

  it('asks for a key once when it is read twice together, and answers both', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => [reader.read(read(5)), reader.read(read(5))])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(5), n: 5 },
      { ...key(5), n: 5 },
    ])
    // One distinct key is sent as a GetItem: BatchGetItem refuses a key asked twice.
    expect(counter.snapshot()).toEqual({ GetItem: 1 })
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

  it('splits more than 100 keys into BatchGetItems of at most 100', async () => {
    const { reader, counter } = counted()
    const reads = reader.together(() => Array.from({ length: 150 }, (_, n) => reader.read(read(n))))

    const items = await Promise.all(reads)
    expect(items.map((item) => item?.n)).toEqual(Array.from({ length: 150 }, (_, n) => n))
    expect(counter.snapshot()).toEqual({ BatchGetItem: 2 })
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
    expect(counter.snapshot()).toEqual({ BatchGetItem: 1 })
  })

  it('reads a key BatchGetItem leaves unprocessed again with a GetItem', async () => {
    const { client, reader, counter } = counted()
    // DynamoDB returns keys it did not get to under UnprocessedKeys, in the request's shape.
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args)
        const output = result.output as {
          Responses?: Record<string, Record<string, unknown>[]>
          UnprocessedKeys?: Record<string, { Keys: Record<string, unknown>[] }>
        }
        if (output.Responses !== undefined) {
          const items = output.Responses[table.tableName] ?? []
          output.Responses[table.tableName] = items.filter((item) => item.n !== 11)
          output.UnprocessedKeys = { [table.tableName]: { Keys: [key(11) as never] } }
        }
        return result
      },
      { step: 'initialize', name: 'leaveOneUnprocessed' },
    )
    const reads = reader.together(() => [reader.read(read(10)), reader.read(read(11))])

    await expect(Promise.all(reads)).resolves.toEqual([
      { ...key(10), n: 10 },
      { ...key(11), n: 11 },
    ])
    expect(counter.snapshot()).toEqual({ BatchGetItem: 1, GetItem: 1 })
  })

  it('rejects every read of a failed BatchGetItem with an error naming what was read', async () => {
    const reader = new DynamoDbItemReader({ client: table.client, tableName: 'no-such-table' })
    const reads = reader.together(() => [
      reader.read({ key: key(1), what: 'the user', consistentRead: false }),
      reader.read({ key: key(2), what: 'the client', consistentRead: false }),
    ])

    for (const result of await Promise.allSettled(reads)) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ClaimsStoreRejectedError)
      expect(error.message).toContain('DynamoDB BatchGetItem of the user and the client')
      expect(error.message).toContain('ResourceNotFoundException')
    }
  })

  it("ends a read's wait at its own signal, and the other read of its batch still gets its item", async () => {
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
