import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
  ItemVersionConflictError,
} from '../../lib/dynamodb/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js'

// A write whose answer is lost is retried by the SDK; the retry's condition then
// fails against the write itself. These run against DynamoDB Local, which, like
// DynamoDB, returns the current item with a failed condition.
describe('DynamoDbClaimsWriter when an answer is lost', () => {
  let table: TestTable
  let proxy: FaultProxy
  let writer: DynamoDbClaimsWriter
  let direct: DynamoDbClaimsWriter

  beforeAll(async () => {
    table = await dynamoDbLocal()
    proxy = await startFaultProxy(table.endpoint)
    const client = table.newClient({ endpoint: proxy.endpoint, maxAttempts: 2 })
    writer = new DynamoDbClaimsWriter({ client, tableName: table.tableName })
    direct = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
  })

  afterAll(async () => {
    await proxy.close()
    await table.stop()
  })

  it('reports success when the retried put finds exactly the item it wrote', async () => {
    const user = { sub: 'lost-put', active: true, claims: [{ type: 'tier', value: '3' }] }
    const created = await direct.putUser(user)
    await proxy.setFault({ kind: 'reset' }, { operations: ['PutItem'], times: 1 })
    proxy.resetCounts()

    const changed = { ...user, claims: [{ type: 'tier', value: '4', valueType: 'integer' }] }
    await expect(writer.putUser(changed, { expectedVersion: created })).resolves.toBe(created + 1)
    expect(proxy.count('PutItem')).toBe(2)
    const stored = await new DynamoDbClaimsStore({
      client: table.client,
      tableName: table.tableName,
    }).findUser('lost-put')
    expect(stored?.claims).toEqual(changed.claims)
  })

  it('still reports a conflict when the retry finds another writer’s item', async () => {
    const user = { sub: 'raced-put', active: true, claims: [] }
    const created = await direct.putUser(user)
    await direct.putUser({ ...user, active: false }, { expectedVersion: created })
    await proxy.setFault({ kind: 'pass' })

    await expect(
      writer.putUser(
        { ...user, claims: [{ type: 'x', value: 'y' }] },
        { expectedVersion: created },
      ),
    ).rejects.toBeInstanceOf(ItemVersionConflictError)
  })

  it('treats creating an item identical to the stored one as done, and a different one as a conflict', async () => {
    const scope = { kind: 'apiScope', value: { name: 'reports/read', userClaims: ['a'] } } as const
    await expect(direct.putConfigurationItem(scope)).resolves.toBe(1)
    await expect(direct.putConfigurationItem(scope)).resolves.toBe(1)
    await expect(
      direct.putConfigurationItem({ ...scope, value: { ...scope.value, userClaims: ['b'] } }),
    ).rejects.toBeInstanceOf(ItemVersionConflictError)
  })

  it('reports success when the retried delete finds the item already gone', async () => {
    const version = await direct.putUser({ sub: 'lost-delete', active: true, claims: [] })
    await proxy.setFault({ kind: 'reset' }, { operations: ['DeleteItem'], times: 1 })
    proxy.resetCounts()

    await expect(writer.deleteUser('lost-delete', { expectedVersion: version })).resolves.toBe(
      undefined,
    )
    expect(proxy.count('DeleteItem')).toBe(2)
  })

  it('still reports a conflict when a delete finds the item changed', async () => {
    const version = await direct.putUser({ sub: 'raced-delete', active: true, claims: [] })
    await direct.setUserActive('raced-delete', false)
    await proxy.setFault({ kind: 'pass' })

    await expect(writer.deleteUser('raced-delete', { expectedVersion: version })).rejects.toThrow(
      ItemVersionConflictError,
    )
  })
})
