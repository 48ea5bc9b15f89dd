import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import dynalite from 'dynalite'
import { inject } from 'vitest'
import {
  createClaimsTable,
  createDynamoDbClient,
  type DynamoDbClientOptions,
} from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'

/** A fresh claims table on a local DynamoDB, with a client for it. */
export interface TestTable {
  /** The backend's endpoint, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string
  readonly tableName: string
  /** A client for the table, made with the test defaults. */
  readonly client: DynamoDBDocumentClient
  /** Another client for the same endpoint (for request counting, racing writers, other timeouts). */
  newClient(options?: DynamoDbClientOptions): DynamoDBDocumentClient
  /** Drops the table (DynamoDB Local) or stops the server (dynalite), then destroys the clients. */
  stop(): Promise<void>
}

/** A local DynamoDB the store suite runs against. */
export interface DynamoDbBackend {
  readonly name: string
  start(): Promise<TestTable>
}

/**
 * The production bounds (1 s per request, 2 attempts) are for an in-region
 * DynamoDB. On a shared 2-core machine running the whole suite, DynamoDB Local
 * can take longer than that to answer a write it has already made, and the
 * retry then fails (the table or the item exists: a conflict with itself). The
 * test clients wait longer and never retry; suites that test the bounds pass
 * their own options.
 */
const TEST_CLIENT_DEFAULTS: DynamoDbClientOptions = Object.freeze({
  requestTimeoutMs: 15_000,
  maxAttempts: 1,
})

function uniqueTableName(): string {
  return `claims-${randomUUID()}`
}

async function openTable(
  endpoint: string,
  onStop: (client: DynamoDBDocumentClient, tableName: string) => Promise<void>,
): Promise<TestTable> {
  const clients: DynamoDBDocumentClient[] = []
  const newClient = (options: DynamoDbClientOptions = {}) => {
    const client = createDynamoDbClient({
      endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      ...TEST_CLIENT_DEFAULTS,
      ...options,
    })
    clients.push(client)
    return client
  }
  const client = newClient()
  const tableName = uniqueTableName()
  await createClaimsTable(client, tableName)
  return {
    endpoint,
    tableName,
    client,
    newClient,
    async stop() {
      await onStop(client, tableName)
      for (const each of clients) each.destroy()
    },
  }
}

/**
 * A fresh table on the DynamoDB Local the global setup started for the run.
 *
 * @example
 * const table = await dynamoDbLocal()
 * const store = new DynamoDbClaimsStore({ client: table.client, tableName: table.tableName })
 */
export async function dynamoDbLocal(): Promise<TestTable> {
  // The server lives for the whole run, so each suite cleans up its own table.
  return openTable(inject('dynamoDbLocalEndpoint'), async (client, tableName) => {
    await client.send(new DeleteTableCommand({ TableName: tableName }))
  })
}

/**
 * A dynalite server of its own, in process and in memory on 127.0.0.1, with a
 * fresh table; `stop()` closes the server.
 *
 * @example
 * const table = await startDynalite()
 * afterAll(() => table.stop())
 */
export async function startDynalite(): Promise<TestTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return openTable(`http://127.0.0.1:${port}`, async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    )
  })
}

/** Both local backends: every store suite runs against each. */
export const DYNAMODB_BACKENDS: readonly DynamoDbBackend[] = [
  { name: 'DynamoDB Local', start: dynamoDbLocal },
  { name: 'dynalite', start: startDynalite },
]
