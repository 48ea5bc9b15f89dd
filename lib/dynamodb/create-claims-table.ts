import { setTimeout as delay } from 'node:timers/promises'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/** Settings for `createClaimsTable`. */
export interface CreateClaimsTableOptions {
  readonly signal?: AbortSignal
  /** How long to wait for the table to become ACTIVE. Default 60 s. */
  readonly timeoutMs?: number
}

const POLL_INTERVAL_MS = 200

/**
 * Creates the claims table (on-demand, keys `pk` and `sk`, both strings) and
 * waits until it is ACTIVE. For tests, local stacks and the CLI; production
 * tables come from infrastructure code. Rejects with the SDK's error, e.g.
 * `ResourceInUseException` when the table exists.
 *
 * @example
 * await createClaimsTable(createDynamoDbClient({ endpoint: 'http://127.0.0.1:8000' }), 'claims')
 */
export async function createClaimsTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CreateClaimsTableOptions = {},
): Promise<void> {
  if (typeof tableName !== 'string' || tableName === '') {
    throw new TypeError('createClaimsTable: tableName must be a non-empty string')
  }
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs ?? 60_000),
    ...(options.signal === undefined ? [] : [options.signal]),
  ])
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
    { abortSignal: signal },
  )
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }), {
      abortSignal: signal,
    })
    if (Table?.TableStatus === 'ACTIVE') return
    await delay(POLL_INTERVAL_MS, undefined, { signal })
  }
}
