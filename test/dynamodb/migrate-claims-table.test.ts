import { type AttributeValue, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  CorruptItemError,
  countDynamoDbRequests,
  DynamoDbConfigurationSource,
  exportClaimsTable,
  migrateClaimsTable,
} from '../../lib/dynamodb/index.js'
import { DYNAMODB_BACKENDS, type TestTable } from '../support/dynamodb.js'

const S = (value: string): AttributeValue => ({ S: value })
const N = (value: number): AttributeValue => ({ N: String(value) })

/** A client as schema version 1 wrote it: in CONFIG, beside the resources. */
function schemaOneClient(
  clientId: string,
  version = 1,
  tier = '3',
): Record<string, AttributeValue> {
  return {
    pk: S('CONFIG'),
    sk: S(`CLIENT#${clientId}`),
    kind: S('client'),
    schemaVersion: N(1),
    version: N(version),
    clientId: S(clientId),
    allowedScopes: { L: [S('openid')] },
    claims: { L: [{ M: { type: S('tier'), value: S(tier), valueType: S('integer') } }] },
    clientClaimsPrefix: S(''),
  }
}

describe.each(DYNAMODB_BACKENDS)('migrateClaimsTable on $name', (backend) => {
  let table: TestTable

  beforeEach(async () => {
    table = await backend.start()
  })

  afterEach(async () => {
    await table.stop()
  })

  const putRaw = (item: Record<string, AttributeValue>) =>
    table.client.send(new PutItemCommand({ TableName: table.tableName, Item: item }))
  const getRaw = async (pk: string, sk: string) =>
    (
      await table.client.send(
        new GetItemCommand({
          TableName: table.tableName,
          Key: { pk: S(pk), sk: S(sk) },
          ConsistentRead: true,
        }),
      )
    ).Item
  const migrate = () => migrateClaimsTable({ client: table.client, tableName: table.tableName })

  it('moves each schema-1 client to its own item, keeping its attributes and version, and leaves resources alone', async () => {
    await putRaw(schemaOneClient('web', 3))
    await putRaw(schemaOneClient('mobile'))
    const schemaOneScope = {
      pk: S('CONFIG'),
      sk: S('API_SCOPE#orders/read'),
      kind: S('apiScope'),
      schemaVersion: N(1),
      version: N(1),
      name: S('orders/read'),
      userClaims: { L: [] },
    }
    await putRaw(schemaOneScope)
    const before = await exportClaimsTable({ client: table.client, tableName: table.tableName })
    expect(before.legacyClientIds).toEqual(['mobile', 'web'])

    await expect(migrate()).resolves.toEqual({ moved: 2, alreadyCopied: 0, changed: 0 })

    expect(await getRaw('CONFIG', 'CLIENT#web')).toBeUndefined()
    expect(await getRaw('CLIENT#web', 'CLIENT')).toEqual({
      ...schemaOneClient('web', 3),
      pk: S('CLIENT#web'),
      sk: S('CLIENT'),
      schemaVersion: N(2),
    })
    const after = await exportClaimsTable({ client: table.client, tableName: table.tableName })
    expect(after.legacyClientIds).toEqual([])
    expect(after.configuration).toEqual(before.configuration)
    expect(await getRaw('CONFIG', 'API_SCOPE#orders/read')).toEqual(schemaOneScope)
  })

  it('does nothing on a second run, or on a table at schema version 2', async () => {
    await putRaw(schemaOneClient('web'))
    await migrate()
    const client = table.newClient()
    const requests = countDynamoDbRequests(client)
    await expect(migrateClaimsTable({ client, tableName: table.tableName })).resolves.toEqual({
      moved: 0,
      alreadyCopied: 0,
      changed: 0,
    })
    expect(requests.snapshot()).toEqual({ Query: 1 })
  })

  it('finishes a run interrupted after the copy, without replacing the copy', async () => {
    await putRaw(schemaOneClient('web', 2))
    await putRaw({ ...schemaOneClient('web', 2), pk: S('CLIENT#web'), sk: S('CLIENT') })
    await expect(migrate()).resolves.toEqual({ moved: 0, alreadyCopied: 1, changed: 0 })
    expect(await getRaw('CONFIG', 'CLIENT#web')).toBeUndefined()
    expect(await getRaw('CLIENT#web', 'CLIENT')).toMatchObject({ version: N(2) })
  })

  it('replaces a copy older than the schema-1 item, so a change made meanwhile is kept', async () => {
    await putRaw({ ...schemaOneClient('web', 1, '1'), pk: S('CLIENT#web'), sk: S('CLIENT') })
    await putRaw(schemaOneClient('web', 2, '2'))
    await expect(migrate()).resolves.toEqual({ moved: 1, alreadyCopied: 0, changed: 0 })
    const source = new DynamoDbConfigurationSource({
      client: table.client,
      tableName: table.tableName,
    })
    await expect(source.findClient('web')).resolves.toMatchObject({
      claims: [{ type: 'tier', value: '2', valueType: 'integer' }],
    })
  })

  it('stops at a corrupt schema-1 client, naming it, and copies nothing of it', async () => {
    await putRaw({ ...schemaOneClient('web'), claims: S('not a list') })
    const error = await migrate().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CorruptItemError)
    expect(error).toMatchObject({ key: { pk: 'CONFIG', sk: 'CLIENT#web' }, attribute: 'claims' })
    expect(await getRaw('CLIENT#web', 'CLIENT')).toBeUndefined()
  })

  it('keeps every client readable by the functions before, during and after', async () => {
    await putRaw(schemaOneClient('web'))
    const source = new DynamoDbConfigurationSource({
      client: table.client,
      tableName: table.tableName,
    })
    const expected = { clientId: 'web', allowedScopes: ['openid'], clientClaimsPrefix: '' }
    await expect(source.findClient('web')).resolves.toMatchObject(expected)
    await putRaw({ ...schemaOneClient('web'), pk: S('CLIENT#web'), sk: S('CLIENT') })
    await expect(source.findClient('web')).resolves.toMatchObject(expected)
    await migrate()
    await expect(source.findClient('web')).resolves.toMatchObject(expected)
  })
})
