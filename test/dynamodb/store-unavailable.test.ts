import { getEventListeners, once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ClaimsStoreUnavailableError } from '../../lib/core/errors.js'
import {
  countDynamoDbRequests,
  createDynamoDbClient,
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
  type DynamoDbClientOptions,
  DynamoDbConfigurationSource,
} from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return `http://127.0.0.1:${address.port}`
}

/** An endpoint nothing listens on: a port that was free a moment ago. */
async function closedEndpoint(): Promise<string> {
  const server = createServer()
  const endpoint = await listen(server)
  server.close()
  await once(server, 'close')
  return endpoint
}

function client(endpoint: string, options: DynamoDbClientOptions = {}) {
  return createDynamoDbClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...options,
  })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('when DynamoDB is down', () => {
  let endpoint: string

  beforeAll(async () => {
    endpoint = await closedEndpoint()
  })

  it('rejects a lookup with ClaimsStoreUnavailableError quickly, after the bounded attempts', async () => {
    const down = client(endpoint)
    const requests = countDynamoDbRequests(down)
    const store = new DynamoDbClaimsStore({ client: down, tableName: 'claims' })
    const started = performance.now()
    const error = await rejection(store.findUser(SUB))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' })
    expect(requests.count('GetItem')).toBe(2)
    down.destroy()
  })

  it('rejects a resources load, a client lookup and a write with ClaimsStoreUnavailableError', async () => {
    const down = client(endpoint, { maxAttempts: 1 })
    const source = new DynamoDbConfigurationSource({ client: down, tableName: 'claims' })
    const writer = new DynamoDbClaimsWriter({ client: down, tableName: 'claims' })
    await expect(source.loadResources()).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    await expect(source.findClient('web')).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    await expect(writer.putUser({ sub: SUB, active: true, claims: [] })).rejects.toBeInstanceOf(
      ClaimsStoreUnavailableError,
    )
    down.destroy()
  })
})

describe('when DynamoDB accepts connections but never answers', () => {
  const server = createServer()
  const sockets = new Set<Socket>()
  let endpoint: string

  beforeAll(async () => {
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    endpoint = await listen(server)
  })

  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    server.close()
    await once(server, 'close')
  })

  it('rejects with ClaimsStoreUnavailableError when the request timeout passes', async () => {
    const stalled = client(endpoint, { requestTimeoutMs: 200, maxAttempts: 1 })
    const store = new DynamoDbClaimsStore({ client: stalled, tableName: 'claims' })
    const started = performance.now()
    const error = await rejection(store.findUser(SUB))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' })
    stalled.destroy()
  })

  it('rejects with ClaimsStoreUnavailableError as soon as the signal aborts', async () => {
    const stalled = client(endpoint, { requestTimeoutMs: 10_000 })
    const store = new DynamoDbClaimsStore({ client: stalled, tableName: 'claims' })
    const started = performance.now()
    const error = await rejection(store.findUser(SUB, AbortSignal.timeout(100)))
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
    expect((error as Error).cause).toMatchObject({ name: 'AbortError' })
    stalled.destroy()
  })

  it('abandons every read in flight on a signal when it aborts: sockets closed, no retry', async () => {
    const stalled = client(endpoint, { requestTimeoutMs: 10_000 })
    const requests = countDynamoDbRequests(stalled)
    const store = new DynamoDbClaimsStore({ client: stalled, tableName: 'claims' })
    const controller = new AbortController()
    // Earlier tests' sockets may still be open; only this test's count.
    const earlier = new Set(sockets)
    const opened = () => [...sockets].filter((socket) => !earlier.has(socket))
    const watched = new Set<Socket>()
    const received = new Set<Socket>()
    const reads = [
      store.findUser(SUB, controller.signal),
      store.findUser(`${SUB}-2`, controller.signal),
    ]
    // Both requests are on the wire, waiting for an answer, when the signal aborts.
    await vi.waitFor(() => {
      for (const socket of opened()) {
        if (watched.has(socket)) continue
        watched.add(socket)
        socket.once('data', () => received.add(socket))
      }
      expect(received.size).toBe(2)
    })
    controller.abort(new DOMException('the invocation deadline is near', 'TimeoutError'))

    const errors = await Promise.all(reads.map(rejection))
    for (const error of errors) {
      expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
      expect((error as Error).cause).toMatchObject({ name: 'AbortError' })
    }
    // The client destroyed both requests: the server sees their sockets close.
    await vi.waitFor(() => expect(opened()).toHaveLength(0))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(requests.count('GetItem')).toBe(2)
    stalled.destroy()
  })
})

describe('the signal handed to the SDK', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
  })

  afterAll(async () => {
    await table.stop()
  })

  it('adds one abort listener to a signal however many calls it serves', async () => {
    const store = new DynamoDbClaimsStore({ client: table.client, tableName: table.tableName })
    const controller = new AbortController()
    for (let i = 0; i < 20; i++) await store.findUser(SUB, controller.signal)
    await Promise.all(Array.from({ length: 20 }, () => store.findUser(SUB, controller.signal)))

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    // Aborting after the calls ended touches none of them.
    controller.abort()
    await expect(store.findUser(SUB, controller.signal)).rejects.toBeInstanceOf(
      ClaimsStoreUnavailableError,
    )
  })
})

describe('createDynamoDbClient', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
  })

  afterAll(async () => {
    vi.unstubAllEnvs()
    await table.stop()
  })

  it('uses AWS_ENDPOINT_URL_DYNAMODB when no endpoint is given', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint)
    const fromEnvironment = createDynamoDbClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    })
    const store = new DynamoDbClaimsStore({ client: fromEnvironment, tableName: table.tableName })
    await expect(store.findUser(SUB)).resolves.toBeUndefined()
    fromEnvironment.destroy()
  })

  it.each([
    ['maxAttempts is zero', { maxAttempts: 0 }],
    ['requestTimeoutMs is not an integer', { requestTimeoutMs: 1.5 }],
    ['connectionTimeoutMs is negative', { connectionTimeoutMs: -1 }],
  ])('throws a TypeError when %s', (_case, options) => {
    expect(() => createDynamoDbClient(options)).toThrow(TypeError)
  })
})

describe('adapter settings', () => {
  it.each([
    [
      'the store has no table name',
      () => new DynamoDbClaimsStore({ client: client('http://127.0.0.1:1'), tableName: '' }),
    ],
    [
      'the source has no client',
      () => new DynamoDbConfigurationSource({ client: undefined as never, tableName: 'claims' }),
    ],
    [
      'the source page size is zero',
      () =>
        new DynamoDbConfigurationSource({
          client: client('http://127.0.0.1:1'),
          tableName: 'claims',
          pageSize: 0,
        }),
    ],
    [
      'the writer has no table name',
      () =>
        new DynamoDbClaimsWriter({
          client: client('http://127.0.0.1:1'),
          tableName: undefined as never,
        }),
    ],
  ])('throws a TypeError when %s', (_case, create) => {
    expect(create).toThrow(TypeError)
  })

  it('rejects a lookup of an empty sub with a TypeError', async () => {
    const store = new DynamoDbClaimsStore({
      client: client('http://127.0.0.1:1'),
      tableName: 'claims',
    })
    await expect(store.findUser('')).rejects.toBeInstanceOf(TypeError)
  })
})
