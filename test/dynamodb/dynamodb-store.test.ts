import {
  type AttributeValue,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CachedConfigurationSource } from '../../lib/configuration-cache/index.js'
import { ClaimsStoreRejectedError, ClaimsStoreUnavailableError } from '../../lib/core/errors.js'
import {
  CorruptItemError,
  countDynamoDbRequests,
  createClaimsTable,
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
  DynamoDbConfigurationSource,
  exportClaimsTable,
  type InvalidStoredClaim,
  ItemNotFoundError,
  ItemVersionConflictError,
} from '../../lib/dynamodb/index.js'
import { DYNAMODB_BACKENDS, type TestTable } from '../support/dynamodb.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'
const SECRET = 'do-not-log-me'

type RawItem = Record<string, AttributeValue>

const S = (value: string): AttributeValue => ({ S: value })
const claimMap = (type: string, value: string, valueType?: string): AttributeValue => ({
  M: {
    type: S(type),
    value: S(value),
    ...(valueType === undefined ? {} : { valueType: S(valueType) }),
  },
})

function rawUser(overrides: RawItem = {}, claims: AttributeValue[] = []): RawItem {
  return {
    pk: S(`USER#${SUB}`),
    sk: S('PROFILE'),
    kind: S('user'),
    schemaVersion: { N: '1' },
    version: { N: '1' },
    sub: S(SUB),
    active: { BOOL: true },
    claims: { L: claims },
    ...overrides,
  }
}

function withoutAttribute(item: RawItem, attribute: string): RawItem {
  const { [attribute]: _removed, ...rest } = item
  return rest
}

describe.each(DYNAMODB_BACKENDS)('on $name', (backend) => {
  let table: TestTable

  beforeEach(async () => {
    table = await backend.start()
  })

  afterEach(async () => {
    await table.stop()
  })

  const putRaw = (item: RawItem) =>
    table.client.send(new PutItemCommand({ TableName: table.tableName, Item: item }))
  const writer = () =>
    new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
  const store = (options: { onInvalidClaim?: (report: InvalidStoredClaim) => void } = {}) =>
    new DynamoDbClaimsStore({ client: table.client, tableName: table.tableName, ...options })
  const source = (pageSize?: number) =>
    new DynamoDbConfigurationSource({
      client: table.client,
      tableName: table.tableName,
      ...(pageSize === undefined ? {} : { pageSize }),
    })

  describe('createClaimsTable', () => {
    it('creates an on-demand table keyed by pk and sk when asked', async () => {
      const { Table } = await table.client.send(
        new DescribeTableCommand({ TableName: table.tableName }),
      )
      expect(Table?.TableStatus).toBe('ACTIVE')
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ])
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    })

    it('rejects when the table already exists', async () => {
      await expect(createClaimsTable(table.client, table.tableName)).rejects.toMatchObject({
        name: 'ResourceInUseException',
      })
    })
  })

  describe('DynamoDbClaimsStore', () => {
    it('returns undefined when the user has no item', async () => {
      await expect(store().findUser(SUB)).resolves.toBeUndefined()
    })

    it('returns the claims in stored order when the user was put', async () => {
      const claims = [
        { type: 'tenant_id', value: '42', valueType: 'integer' },
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
        { type: 'address', value: '{"locality":"Berlin"}', valueType: 'json' },
      ]
      await writer().putUser({ sub: SUB, active: false, claims })
      await expect(store().findUser(SUB)).resolves.toEqual({ sub: SUB, active: false, claims })
    })

    it('asks for a consistent read when consistentRead is set', async () => {
      const client = table.newClient()
      const consistentReads: unknown[] = []
      client.middlewareStack.add(
        (next) => async (args) => {
          consistentReads.push((args.input as { ConsistentRead?: unknown }).ConsistentRead)
          return next(args)
        },
        { step: 'initialize', name: 'captureConsistentRead' },
      )
      await writer().putUser({ sub: SUB, active: true, claims: [] })
      const strongStore = new DynamoDbClaimsStore({
        client,
        tableName: table.tableName,
        consistentRead: true,
      })
      await expect(strongStore.findUser(SUB)).resolves.toMatchObject({ sub: SUB })
      expect(consistentReads).toEqual([true])
    })

    it.each([
      ['a claim is not a map', S(`role=${SECRET}`), undefined, 'claim is not a map'],
      [
        'the value is a number',
        { M: { type: S('tier'), value: { N: '3' } } },
        'tier',
        '"value" is not a string',
      ],
      [
        'the value is a string set',
        { M: { type: S('tier'), value: { SS: [SECRET] } } },
        'tier',
        '"value" is not a string',
      ],
      ['the value is missing', { M: { type: S('tier') } }, 'tier', '"value" is missing'],
      ['the type is missing', { M: { value: S(SECRET) } }, undefined, '"type" is missing'],
      ['the type is empty', { M: { type: S(''), value: S(SECRET) } }, undefined, '"type" is empty'],
      [
        'the type is a number',
        { M: { type: { N: '1' }, value: S(SECRET) } },
        undefined,
        '"type" is not a string',
      ],
      [
        'the valueType is a boolean',
        { M: { type: S('tier'), value: S(SECRET), valueType: { BOOL: true } } },
        'tier',
        '"valueType" is not a string',
      ],
      [
        'the valueType is null',
        { M: { type: S('tier'), value: S(SECRET), valueType: { NULL: true } } },
        'tier',
        '"valueType" is not a string',
      ],
    ] satisfies [
      string,
      AttributeValue,
      string | undefined,
      string,
    ][])('drops the claim and reports it without its value when %s', async (_case, badClaim, claimType, reason) => {
      await putRaw(rawUser({}, [claimMap('role', 'admin'), badClaim, claimMap('role', 'editor')]))
      const reports: InvalidStoredClaim[] = []
      const user = await store({ onInvalidClaim: (report) => reports.push(report) }).findUser(SUB)
      expect(user?.claims).toEqual([
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
      ])
      // A dropped claim still shadows the user's own attribute of its type.
      expect(user?.unreadableClaimTypes).toEqual(claimType === undefined ? undefined : [claimType])
      expect(reports).toEqual([
        {
          key: { pk: `USER#${SUB}`, sk: 'PROFILE' },
          sub: SUB,
          ...(claimType === undefined ? {} : { claimType }),
          index: 1,
          reason,
        },
      ])
      expect(JSON.stringify(reports)).not.toContain(SECRET)
    })

    it('keeps a claim with an unknown valueType as stored when it is read', async () => {
      await putRaw(rawUser({}, [claimMap('level', 'high', 'any')]))
      const user = await store().findUser(SUB)
      expect(user?.claims).toEqual([{ type: 'level', value: 'high', valueType: 'any' }])
    })

    it('keeps a claim whose value does not parse as its valueType when it is read', async () => {
      await putRaw(
        rawUser({}, [claimMap('tier', 'three', 'integer'), claimMap('ok', 'maybe', 'boolean')]),
      )
      const user = await store().findUser(SUB)
      expect(user?.claims).toEqual([
        { type: 'tier', value: 'three', valueType: 'integer' },
        { type: 'ok', value: 'maybe', valueType: 'boolean' },
      ])
    })

    it('ignores attributes of a claim it does not know when it is read', async () => {
      await putRaw(rawUser({}, [{ M: { type: S('role'), value: S('admin'), issuer: S('LOCAL') } }]))
      const user = await store().findUser(SUB)
      expect(user?.claims).toEqual([{ type: 'role', value: 'admin' }])
    })

    it.each([
      ['active is a string', rawUser({ active: S('true') }), 'active', 'is not a boolean'],
      ['active is missing', withoutAttribute(rawUser(), 'active'), 'active', 'is missing'],
      ['claims is a map', rawUser({ claims: { M: {} } }), 'claims', 'is not a list'],
      ['claims is missing', withoutAttribute(rawUser(), 'claims'), 'claims', 'is missing'],
      ['sub is missing', withoutAttribute(rawUser(), 'sub'), 'sub', 'is missing'],
      ['sub is not the key', rawUser({ sub: S('someone-else') }), 'sub', 'does not match the key'],
      [
        'the schema version is unknown',
        rawUser({ schemaVersion: { N: '3' }, active: S('x') }),
        'schemaVersion',
        'unknown schema version',
      ],
      [
        'the schema version is missing',
        withoutAttribute(rawUser(), 'schemaVersion'),
        'schemaVersion',
        'is missing',
      ],
      ['the version is a string', rawUser({ version: S('1') }), 'version', 'is not a number'],
      ['the version is zero', rawUser({ version: { N: '0' } }), 'version', 'is less than 1'],
      ['the kind is another', rawUser({ kind: S('client') }), 'kind', 'is not "user"'],
      [
        'the sign-out time is a string',
        rawUser({ tokensValidAfter: S('1700000000') }),
        'tokensValidAfter',
        'is not a whole number of seconds',
      ],
      [
        'the sign-out time is a fraction',
        rawUser({ tokensValidAfter: { N: '1.5' } }),
        'tokensValidAfter',
        'is not a whole number of seconds',
      ],
      [
        'the sign-out time is negative',
        rawUser({ tokensValidAfter: { N: '-1' } }),
        'tokensValidAfter',
        'is negative',
      ],
    ] satisfies [
      string,
      RawItem,
      string,
      string,
    ][])('rejects with CorruptItemError naming the attribute when %s', async (_case, item, attribute, problem) => {
      await putRaw(item)
      const error = await store()
        .findUser(SUB)
        .then(
          () => undefined,
          (rejection: unknown) => rejection,
        )
      expect(error).toBeInstanceOf(CorruptItemError)
      expect(error).toMatchObject({
        code: 'STORE_ITEM_CORRUPT',
        attribute,
        key: { pk: `USER#${SUB}`, sk: 'PROFILE' },
      })
      expect((error as Error).message).toContain(problem)
      expect((error as Error).message).not.toContain(table.tableName)
    })

    it('rejects with ClaimsStoreUnavailableError and sends nothing when the signal is already aborted', async () => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const aborted = new DynamoDbClaimsStore({ client, tableName: table.tableName })
      const controller = new AbortController()
      controller.abort(new Error('deadline'))
      const error = await aborted.findUser(SUB, controller.signal).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
      expect((error as Error).cause).toBe(controller.signal.reason)
      expect(requests.total()).toBe(0)
    })

    it('rejects with the permanent ClaimsStoreRejectedError naming the cause when the table does not exist', async () => {
      const missing = new DynamoDbClaimsStore({ client: table.client, tableName: 'no-such-table' })
      const error = await missing.findUser(SUB).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ClaimsStoreRejectedError)
      expect(error).not.toBeInstanceOf(ClaimsStoreUnavailableError)
      expect(error).toMatchObject({ code: 'STORE_REQUEST_REJECTED' })
      expect((error as Error).cause).toMatchObject({ name: 'ResourceNotFoundException' })
      expect((error as Error).message).toContain('ResourceNotFoundException')
      expect((error as Error).message).not.toContain('no-such-table')
    })

    it("rejects with the permanent ClaimsStoreRejectedError when the key is over DynamoDB's 2,048-byte limit", async () => {
      const error = await store()
        .findUser('s'.repeat(3_000))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ClaimsStoreRejectedError)
      expect((error as Error).cause).toMatchObject({ name: 'ValidationException' })
      expect((error as Error).message).toContain('ValidationException')
    })
  })

  describe('DynamoDbConfigurationSource', () => {
    async function putSampleConfiguration() {
      const w = writer()
      await w.putConfigurationItem({
        kind: 'identityResource',
        value: { name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] },
      })
      await w.putConfigurationItem({
        kind: 'apiScope',
        value: { name: 'orders/read', userClaims: ['department'] },
      })
      await w.putConfigurationItem({
        kind: 'apiResource',
        value: {
          name: 'orders',
          scopes: ['orders/read', 'orders/write'],
          userClaims: ['employee_id'],
        },
      })
      await w.putConfigurationItem({
        kind: 'client',
        value: {
          clientId: 'full',
          allowedScopes: ['openid', 'orders/read'],
          claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
          clientClaimsPrefix: '',
          alwaysSendClientClaims: true,
          alwaysIncludeUserClaimsInIdToken: false,
        },
      })
      await w.putConfigurationItem({
        kind: 'client',
        value: { clientId: 'bare', claims: [] },
      })
    }

    it('returns no resources and no client when nothing is stored', async () => {
      await expect(source().loadResources()).resolves.toEqual({
        identityResources: [],
        apiScopes: [],
        apiResources: [],
      })
      await expect(source().findClient('web')).resolves.toBeUndefined()
    })

    it('builds the resources, and each client applying the defaults, when items are stored', async () => {
      await putSampleConfiguration()
      const resources = await source().loadResources()
      expect(resources).toEqual({
        identityResources: [{ name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] }],
        apiScopes: [{ name: 'orders/read', userClaims: ['department'] }],
        apiResources: [
          { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: ['employee_id'] },
        ],
      })
      await expect(source().findClient('bare')).resolves.toEqual({
        clientId: 'bare',
        claims: [],
        clientClaimsPrefix: 'client_',
        alwaysSendClientClaims: false,
        alwaysIncludeUserClaimsInIdToken: true,
      })
      await expect(source().findClient('full')).resolves.toEqual({
        clientId: 'full',
        allowedScopes: ['openid', 'orders/read'],
        claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
        clientClaimsPrefix: '',
        alwaysSendClientClaims: true,
        alwaysIncludeUserClaimsInIdToken: false,
      })
      await expect(source().findClient('Full')).resolves.toBeUndefined()
    })

    it('writes a client to its own partition at schema version 2', async () => {
      await putSampleConfiguration()
      const { Item } = await table.client.send(
        new GetItemCommand({
          TableName: table.tableName,
          Key: { pk: S('CLIENT#bare'), sk: S('CLIENT') },
        }),
      )
      expect(Item).toMatchObject({ kind: S('client'), schemaVersion: { N: '2' } })
    })

    it('reads the resources with one Query per page, never the clients', async () => {
      await putSampleConfiguration()
      for (let i = 0; i < 30; i += 1) {
        await writer().putConfigurationItem({
          kind: 'client',
          value: { clientId: `app-${i}`, claims: [{ type: 'tier', value: 'x'.repeat(200) }] },
        })
      }
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const paged = new DynamoDbConfigurationSource({
        client,
        tableName: table.tableName,
        pageSize: 2,
      })
      const resources = await paged.loadResources()
      expect(resources.identityResources).toHaveLength(1)
      expect(requests.snapshot()).toEqual({ Query: 2 })
    })

    it('reads one client with one GetItem, and an unknown one with two (its own key, then the schema-1 key)', async () => {
      await putSampleConfiguration()
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const counted = new DynamoDbConfigurationSource({ client, tableName: table.tableName })
      await counted.findClient('full')
      expect(requests.snapshot()).toEqual({ GetItem: 1 })
      requests.reset()
      await counted.findClient('nobody')
      expect(requests.snapshot()).toEqual({ GetItem: 2 })
    })

    it('finds a client a schema-1 table keeps in CONFIG, and reports it when loading the resources', async () => {
      await putSampleConfiguration()
      await putRaw({
        pk: S('CONFIG'),
        sk: S('CLIENT#old'),
        kind: S('client'),
        schemaVersion: { N: '1' },
        version: { N: '4' },
        clientId: S('old'),
        claims: { L: [claimMap('tier', '2')] },
      })
      const legacy: string[][] = []
      const reporting = new DynamoDbConfigurationSource({
        client: table.client,
        tableName: table.tableName,
        onLegacyClients: (ids) => legacy.push([...ids]),
      })
      await expect(reporting.findClient('old')).resolves.toMatchObject({
        clientId: 'old',
        claims: [{ type: 'tier', value: '2' }],
      })
      const resources = await reporting.loadResources()
      expect(resources.apiScopes).toEqual([{ name: 'orders/read', userClaims: ['department'] }])
      expect(legacy).toEqual([['old']])
    })

    it('rejects an item of an unknown schema version with CorruptItemError', async () => {
      await putRaw({
        pk: S('CLIENT#app'),
        sk: S('CLIENT'),
        kind: S('client'),
        schemaVersion: { N: '3' },
        version: { N: '1' },
        clientId: S('app'),
        claims: { L: [] },
      })
      await expect(source().findClient('app')).rejects.toMatchObject({
        code: 'STORE_ITEM_CORRUPT',
        attribute: 'schemaVersion',
        message: expect.stringContaining('is not 1 or 2 (unknown schema version)'),
      })
    })

    it('drops an invalid client claim and reports it with the client id when loading', async () => {
      await putRaw({
        pk: S('CLIENT#app'),
        sk: S('CLIENT'),
        kind: S('client'),
        schemaVersion: { N: '2' },
        version: { N: '1' },
        clientId: S('app'),
        claims: { L: [claimMap('tier', '3'), { M: { type: S('tier'), value: { N: '4' } } }] },
      })
      const reports: InvalidStoredClaim[] = []
      const reporting = new DynamoDbConfigurationSource({
        client: table.client,
        tableName: table.tableName,
        onInvalidClaim: (report) => reports.push(report),
      })
      const found = await reporting.findClient('app')
      expect(found?.claims).toEqual([{ type: 'tier', value: '3' }])
      expect(reports).toEqual([
        {
          key: { pk: 'CLIENT#app', sk: 'CLIENT' },
          clientId: 'app',
          claimType: 'tier',
          index: 1,
          reason: '"value" is not a string',
        },
      ])
    })

    const header = { pk: S('CONFIG'), schemaVersion: { N: '1' }, version: { N: '1' } }
    it.each([
      [
        'a sort key has an unknown prefix',
        { ...header, sk: S('WIDGET#x'), kind: S('widget') },
        'sk',
      ],
      [
        'api resource scopes are not a list',
        {
          ...header,
          sk: S('API_RESOURCE#orders'),
          kind: S('apiResource'),
          name: S('orders'),
          scopes: S('orders/read'),
          userClaims: { L: [] },
        },
        'scopes',
      ],
      [
        'identity resource user claims hold a number',
        {
          ...header,
          sk: S('IDENTITY_RESOURCE#tenant'),
          kind: S('identityResource'),
          name: S('tenant'),
          userClaims: { L: [{ N: '1' }] },
        },
        'userClaims',
      ],
      [
        'an api scope name is not its key',
        {
          ...header,
          sk: S('API_SCOPE#a'),
          kind: S('apiScope'),
          name: S('b'),
          userClaims: { L: [] },
        },
        'name',
      ],
      [
        'a client flag is a string',
        {
          ...header,
          sk: S('CLIENT#app'),
          kind: S('client'),
          clientId: S('app'),
          claims: { L: [] },
          alwaysSendClientClaims: S('yes'),
        },
        'alwaysSendClientClaims',
      ],
      [
        'the ID-token flag of a client is a number',
        {
          ...header,
          sk: S('CLIENT#app'),
          kind: S('client'),
          clientId: S('app'),
          claims: { L: [] },
          alwaysIncludeUserClaimsInIdToken: { N: '0' },
        },
        'alwaysIncludeUserClaimsInIdToken',
      ],
      [
        'a client has no claims list',
        { ...header, sk: S('CLIENT#app'), kind: S('client'), clientId: S('app') },
        'claims',
      ],
    ] satisfies [
      string,
      RawItem,
      string,
    ][])('rejects with CorruptItemError naming the attribute when %s', async (_case, item, attribute) => {
      await putRaw(item)
      // A schema-1 client in CONFIG fails both reads: the resources Query meets it, and so does the lookup's fallback.
      const error = await Promise.all([source().loadResources(), source().findClient('app')]).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(CorruptItemError)
      expect(error).toMatchObject({ attribute, key: { pk: 'CONFIG', sk: item.sk?.S } })
    })
  })

  describe('request counting', () => {
    it('sends one GetItem per lookup and no configuration read within the TTL', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [{ type: 'role', value: 'admin' }] })
      await writer().putConfigurationItem({
        kind: 'client',
        value: { clientId: 'app', claims: [] },
      })
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      let now = 0
      const configuration = new CachedConfigurationSource(
        new DynamoDbConfigurationSource({ client, tableName: table.tableName }),
        { ttlMs: 60_000, now: () => now, jitter: 0 },
      )
      const lookups = new DynamoDbClaimsStore({ client, tableName: table.tableName })

      await Promise.all([configuration.loadResources(), configuration.findClient('app')])
      expect(requests.snapshot()).toEqual({ Query: 1, GetItem: 1 })
      requests.reset()
      for (let token = 0; token < 5; token += 1) {
        now += 10_000
        await Promise.all([
          configuration.loadResources(),
          configuration.findClient('app'),
          lookups.findUser(SUB),
        ])
      }
      expect(requests.snapshot()).toEqual({ GetItem: 5 })
    })

    it('sends one Query per page once the TTL has passed', async () => {
      const w = writer()
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        await w.putConfigurationItem({ kind: 'apiScope', value: { name, userClaims: [] } })
      }
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      let now = 0
      const configuration = new CachedConfigurationSource(
        new DynamoDbConfigurationSource({ client, tableName: table.tableName, pageSize: 2 }),
        { ttlMs: 60_000, now: () => now, jitter: 0 },
      )
      await configuration.loadResources()
      requests.reset()
      now = 59_999
      await configuration.loadResources()
      expect(requests.total()).toBe(0)
      now = 60_000
      const [first, second] = await Promise.all([
        configuration.loadResources(),
        configuration.loadResources(),
      ])
      expect(second).toBe(first)
      expect(requests.snapshot()).toEqual({ Query: 3 })
    })

    it('stops counting when detached', async () => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const lookups = new DynamoDbClaimsStore({ client, tableName: table.tableName })
      await lookups.findUser(SUB)
      requests.detach()
      await lookups.findUser(SUB)
      expect(requests.count('GetItem')).toBe(1)
    })
  })

  describe('DynamoDbClaimsWriter', () => {
    const admin = { type: 'role', value: 'admin' }

    it('creates a user at version 1 and refuses to create it twice', async () => {
      await expect(writer().putUser({ sub: SUB, active: true, claims: [admin] })).resolves.toBe(1)
      const error = await writer()
        .putUser({ sub: SUB, active: true, claims: [] })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ItemVersionConflictError)
      expect(error).toMatchObject({
        code: 'ITEM_VERSION_CONFLICT',
        key: { pk: `USER#${SUB}`, sk: 'PROFILE' },
        expectedVersion: undefined,
      })
      expect((error as Error).message).not.toContain(table.tableName)
      await expect(store().findUser(SUB)).resolves.toMatchObject({ claims: [admin] })
    })

    it('replaces a user when the expected version is current', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      await expect(
        writer().putUser({ sub: SUB, active: false, claims: [] }, { expectedVersion: 1 }),
      ).resolves.toBe(2)
      await expect(store().findUser(SUB)).resolves.toEqual({ sub: SUB, active: false, claims: [] })
      await expect(
        writer().putUser({ sub: SUB, active: true, claims: [] }, { expectedVersion: 1 }),
      ).rejects.toBeInstanceOf(ItemVersionConflictError)
    })

    it('replaces the claims of a type in place when the user has that type', async () => {
      await writer().putUser({
        sub: SUB,
        active: true,
        claims: [admin, { type: 'tier', value: '1' }, { type: 'role', value: 'editor' }],
      })
      await expect(
        writer().setUserClaim(SUB, 'role', [
          { value: 'owner' },
          { value: '7', valueType: 'integer' },
        ]),
      ).resolves.toBe(2)
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        claims: [
          { type: 'role', value: 'owner' },
          { type: 'role', value: '7', valueType: 'integer' },
          { type: 'tier', value: '1' },
        ],
      })
    })

    it('adds the claims at the end when the user has no claim of that type', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      await writer().setUserClaim(SUB, 'tier', [{ value: '3', valueType: 'integer' }])
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        claims: [admin, { type: 'tier', value: '3', valueType: 'integer' }],
      })
    })

    it('removes every claim of a type, or only the one with a value, when asked', async () => {
      await writer().putUser({
        sub: SUB,
        active: true,
        claims: [admin, { type: 'role', value: 'editor' }, { type: 'tier', value: '1' }],
      })
      await expect(writer().removeUserClaim(SUB, 'role', { value: 'admin' })).resolves.toBe(2)
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        claims: [
          { type: 'role', value: 'editor' },
          { type: 'tier', value: '1' },
        ],
      })
      await expect(writer().removeUserClaim(SUB, 'role')).resolves.toBe(3)
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        claims: [{ type: 'tier', value: '1' }],
      })
    })

    it('writes nothing and returns the current version when a removal matches nothing', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const counted = new DynamoDbClaimsWriter({ client, tableName: table.tableName })
      await expect(counted.removeUserClaim(SUB, 'role', { value: 'editor' })).resolves.toBe(1)
      expect(requests.snapshot()).toEqual({ GetItem: 1 })
    })

    it('deactivates and reactivates a user when asked', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      const before = Math.floor(Date.now() / 1000)
      await expect(writer().setUserActive(SUB, false)).resolves.toBe(2)
      const deactivated = await store().findUser(SUB)
      expect(deactivated).toEqual({
        sub: SUB,
        active: false,
        claims: [admin],
        // Deactivating signs out: the tokens issued until now stay refused after a reactivation.
        tokensValidAfter: expect.any(Number),
      })
      expect(deactivated?.tokensValidAfter).toBeGreaterThanOrEqual(before)
      await expect(writer().setUserActive(SUB, true, { expectedVersion: 2 })).resolves.toBe(3)
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        active: true,
        tokensValidAfter: deactivated?.tokensValidAfter,
      })
    })

    it('signs a user out at the current second and keeps the time through later changes', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      const before = Math.floor(Date.now() / 1000)
      const { version, tokensValidAfter } = await writer().signOutUser(SUB)
      expect(version).toBe(2)
      expect(tokensValidAfter).toBeGreaterThanOrEqual(before)
      expect(tokensValidAfter).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000))
      await writer().setUserClaim(SUB, 'tier', [{ value: '1' }])
      await expect(store().findUser(SUB)).resolves.toMatchObject({ tokensValidAfter })
    })

    it('writes a sign-out time given to putUser and refuses one that is not whole seconds', async () => {
      await writer().putUser({
        sub: SUB,
        active: true,
        claims: [],
        tokensValidAfter: 1_700_000_000,
      })
      await expect(store().findUser(SUB)).resolves.toMatchObject({
        tokensValidAfter: 1_700_000_000,
      })
      await expect(
        writer().putUser(
          { sub: SUB, active: true, claims: [], tokensValidAfter: 1.5 },
          { expectedVersion: 1 },
        ),
      ).rejects.toThrow(/tokensValidAfter must be a whole, non-negative number of seconds/)
    })

    it('rejects with ItemNotFoundError when changing a user that does not exist', async () => {
      await expect(writer().setUserActive(SUB, false)).rejects.toBeInstanceOf(ItemNotFoundError)
      await expect(writer().setUserClaim(SUB, 'role', [{ value: 'x' }])).rejects.toMatchObject({
        code: 'STORE_ITEM_NOT_FOUND',
      })
    })

    it('rejects with a conflict before writing when the expected version is stale', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      await writer().setUserActive(SUB, false)
      await expect(
        writer().setUserClaim(SUB, 'tier', [{ value: '1' }], { expectedVersion: 1 }),
      ).rejects.toMatchObject({ code: 'ITEM_VERSION_CONFLICT', expectedVersion: 1 })
      await expect(store().findUser(SUB)).resolves.toMatchObject({ claims: [admin] })
    })

    it('lets exactly one of two writers racing on one version win and loses no claim', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [admin] })
      const first = new DynamoDbClaimsWriter({
        client: table.newClient(),
        tableName: table.tableName,
      })
      const second = new DynamoDbClaimsWriter({
        client: table.newClient(),
        tableName: table.tableName,
      })
      const results = await Promise.allSettled([
        first.setUserClaim(SUB, 'tier', [{ value: '1' }], { expectedVersion: 1 }),
        second.setUserClaim(SUB, 'department', [{ value: 'sales' }], { expectedVersion: 1 }),
      ])
      const won = results.filter((result) => result.status === 'fulfilled')
      const lost = results.filter((result) => result.status === 'rejected')
      expect(won).toEqual([{ status: 'fulfilled', value: 2 }])
      expect(lost).toHaveLength(1)
      expect(lost[0]?.reason).toBeInstanceOf(ItemVersionConflictError)

      const loser = results[0]?.status === 'rejected' ? first : second
      const loserClaim = loser === first ? 'tier' : 'department'
      await loser.setUserClaim(SUB, loserClaim, [{ value: loserClaim === 'tier' ? '1' : 'sales' }])
      const user = await store().findUser(SUB)
      expect(user?.claims.map((claim) => claim.type).sort()).toEqual(['department', 'role', 'tier'])
    })

    it('keeps every acknowledged change when writers race without naming a version', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [] })
      const types = ['a', 'b', 'c', 'd', 'e', 'f']
      const results = await Promise.allSettled(
        types.map((type) =>
          new DynamoDbClaimsWriter({
            client: table.newClient(),
            tableName: table.tableName,
          }).setUserClaim(SUB, type, [{ value: type }]),
        ),
      )
      const applied = types.filter((_, index) => results[index]?.status === 'fulfilled')
      for (const result of results) {
        if (result.status === 'rejected')
          expect(result.reason).toBeInstanceOf(ItemVersionConflictError)
      }
      expect(applied.length).toBeGreaterThan(0)
      const user = await store().findUser(SUB)
      expect(user?.claims.map((claim) => claim.type).sort()).toEqual(applied)
    })

    it('keeps stored claims it cannot read when it changes another type', async () => {
      await putRaw(
        rawUser({}, [{ M: { type: S('tier'), value: { N: '3' } } }, claimMap('role', 'admin')]),
      )
      const reports: InvalidStoredClaim[] = []
      const reporting = new DynamoDbClaimsWriter({
        client: table.client,
        tableName: table.tableName,
        onInvalidClaim: (report) => reports.push(report),
      })
      await reporting.setUserClaim(SUB, 'role', [{ value: 'editor' }])
      const { Item } = await table.client.send(
        new GetItemCommand({
          TableName: table.tableName,
          Key: { pk: S(`USER#${SUB}`), sk: S('PROFILE') },
        }),
      )
      expect(Item?.claims).toEqual({
        L: [{ M: { type: S('tier'), value: { N: '3' } } }, claimMap('role', 'editor')],
      })
      expect(reports).toMatchObject([{ claimType: 'tier', index: 0 }])
    })

    it('refuses to change a user whose item is corrupt', async () => {
      await putRaw(rawUser({ active: S('yes') }))
      await expect(writer().setUserClaim(SUB, 'role', [{ value: 'x' }])).rejects.toMatchObject({
        code: 'STORE_ITEM_CORRUPT',
        attribute: 'active',
      })
    })

    it('deletes a user only at the expected version', async () => {
      await writer().putUser({ sub: SUB, active: true, claims: [] })
      await writer().setUserActive(SUB, false)
      await expect(writer().deleteUser(SUB, { expectedVersion: 1 })).rejects.toBeInstanceOf(
        ItemVersionConflictError,
      )
      await writer().deleteUser(SUB, { expectedVersion: 2 })
      await expect(store().findUser(SUB)).resolves.toBeUndefined()
    })

    it('puts, replaces and deletes configuration items on their versions', async () => {
      const w = writer()
      const scope = { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['a'] } } as const
      await expect(w.putConfigurationItem(scope)).resolves.toBe(1)
      await expect(
        w.putConfigurationItem({
          kind: 'apiScope',
          value: { name: 'orders/read', userClaims: ['z'] },
        }),
      ).rejects.toBeInstanceOf(ItemVersionConflictError)
      await expect(
        w.putConfigurationItem(
          { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['b'] } },
          { expectedVersion: 1 },
        ),
      ).resolves.toBe(2)
      await expect(source().loadResources()).resolves.toMatchObject({
        apiScopes: [{ name: 'orders/read', userClaims: ['b'] }],
      })
      await expect(
        w.deleteConfigurationItem('apiScope', 'orders/read', { expectedVersion: 1 }),
      ).rejects.toMatchObject({ key: { pk: 'CONFIG', sk: 'API_SCOPE#orders/read' } })
      await w.deleteConfigurationItem('apiScope', 'orders/read', { expectedVersion: 2 })
      await expect(source().loadResources()).resolves.toMatchObject({ apiScopes: [] })
    })

    it.each([
      [
        'a claim has no value',
        () => writer().putUser({ sub: SUB, active: true, claims: [{ type: 'a' } as never] }),
      ],
      [
        'active is not a boolean',
        () => writer().putUser({ sub: SUB, active: 'yes' as never, claims: [] }),
      ],
      ['the sub is empty', () => writer().putUser({ sub: '', active: true, claims: [] })],
      ['no values are given', () => writer().setUserClaim(SUB, 'role', [])],
      [
        'the expected version is zero',
        () => writer().setUserActive(SUB, true, { expectedVersion: 0 }),
      ],
      [
        'the kind is unknown',
        () => writer().putConfigurationItem({ kind: 'widget', value: {} } as never),
      ],
      [
        'user claims are not strings',
        () =>
          writer().putConfigurationItem({
            kind: 'apiScope',
            value: { name: 'x', userClaims: [1] as never },
          }),
      ],
    ])('rejects with a TypeError and writes nothing when %s', async (_case, write) => {
      await expect(write()).rejects.toBeInstanceOf(TypeError)
      await expect(
        exportClaimsTable({ client: table.client, tableName: table.tableName }),
      ).resolves.toEqual({
        configuration: [],
        users: [],
        legacyClientIds: [],
      })
    })

    it('rejects with ClaimsStoreUnavailableError and sends nothing when the signal is already aborted', async () => {
      const client = table.newClient()
      const requests = countDynamoDbRequests(client)
      const aborted = new DynamoDbClaimsWriter({ client, tableName: table.tableName })
      const signal = AbortSignal.abort()
      await expect(
        aborted.putUser({ sub: SUB, active: true, claims: [] }, { signal }),
      ).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
      await expect(aborted.setUserActive(SUB, false, { signal })).rejects.toBeInstanceOf(
        ClaimsStoreUnavailableError,
      )
      expect(requests.total()).toBe(0)
    })
  })

  describe('exportClaimsTable', () => {
    it('returns every configuration item and user with its version, across pages', async () => {
      const w = writer()
      for (const sub of ['u3', 'u1', 'u2']) await w.putUser({ sub, active: true, claims: [] })
      await w.setUserActive('u2', false)
      await w.putConfigurationItem({
        kind: 'identityResource',
        value: { name: 'tenant', userClaims: ['t'] },
      })
      await w.putConfigurationItem({
        kind: 'client',
        value: { clientId: 'app', claims: [], clientClaimsPrefix: 'c_' },
      })
      await w.putConfigurationItem({
        kind: 'apiResource',
        value: { name: 'orders', scopes: [], userClaims: [] },
      })

      const exported = await exportClaimsTable({
        client: table.client,
        tableName: table.tableName,
        pageSize: 2,
      })
      expect(exported.users).toEqual([
        { sub: 'u1', active: true, claims: [], version: 1 },
        { sub: 'u2', active: false, claims: [], version: 2, tokensValidAfter: expect.any(Number) },
        { sub: 'u3', active: true, claims: [], version: 1 },
      ])
      expect(exported.configuration).toEqual([
        { kind: 'apiResource', version: 1, value: { name: 'orders', scopes: [], userClaims: [] } },
        {
          kind: 'client',
          version: 1,
          value: { clientId: 'app', claims: [], clientClaimsPrefix: 'c_' },
        },
        { kind: 'identityResource', version: 1, value: { name: 'tenant', userClaims: ['t'] } },
      ])
    })

    it('reports invalid user claims it leaves out of the export', async () => {
      await putRaw(rawUser({}, [S(SECRET)]))
      const onInvalidClaim = vi.fn()
      const exported = await exportClaimsTable({
        client: table.client,
        tableName: table.tableName,
        onInvalidClaim,
      })
      expect(exported.users).toEqual([{ sub: SUB, active: true, claims: [], version: 1 }])
      expect(onInvalidClaim).toHaveBeenCalledWith(
        expect.objectContaining({ sub: SUB, index: 0, reason: 'claim is not a map' }),
      )
    })
  })
})
