import { randomUUID } from 'node:crypto'
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { configurationItemKey, storedItem } from '../../lib/dynamodb/index.js'
import type { ColdStartJob, ColdStartReport } from '../children/cold-start.js'
import { createTypicalTable } from '../support/bench-table.js'
import { type BenchBundles, bundleOf } from '../support/build-bench-bundles.js'
import { eventSupply } from '../support/event-supply.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import { lambdaContext } from '../support/lambda-context.js'
import { runChild } from '../support/run-child.js'
import { median, percentile } from '../support/statistics.js'
import {
  CLIENT_ID,
  TYPICAL_SCOPES,
  typicalPreTokenGenerationEvent,
} from '../support/typical-profile.js'

/** What the scale section needs. */
export interface ScaleOptions {
  readonly endpoint: string
  readonly bundles: BenchBundles
  readonly functions: InProcessFunctions
  /** The environment of a cold-start child for a table. */
  readonly env: (tableName: string) => Readonly<Record<string, string>>
  /** Configured clients per table; the first is the baseline the others are compared with. */
  readonly clientCounts: readonly number[]
  /** Cold-start processes per size, after one unrecorded round. */
  readonly coldStarts: number
  readonly warmup: number
  readonly iterations: number
  readonly onProgress?: (message: string) => void
}

/** One size's figures. */
export interface ScaleRow {
  readonly clients: number
  /** Median of import and first invocation, in a fresh process, in ms. */
  readonly coldStartMs: number
  /** Median of the first invocation alone, in ms. */
  readonly coldInvokeMs: number
  /** Median over rounds of this size's cold start over the baseline's in the same round. */
  readonly coldRatio: number
  /** Bytes of DynamoDB responses the first invocation read. */
  readonly coldBytesRead: number
  /** DynamoDB requests the first invocation sent. */
  readonly coldRequests: number
  readonly warmP50Ms: number
  /** This size's warm p50 over the baseline's, measured interleaved. */
  readonly warmRatio: number
}

export interface ScaleResult {
  readonly coldStarts: number
  readonly iterations: number
  readonly rows: readonly ScaleRow[]
}

/** Another tenant's app client: five scopes, three claims, about 300 bytes stored. */
function tenantClient(index: number): Record<string, unknown> {
  const clientId = `tenant${String(index).padStart(6, '0')}client`
  return storedItem(configurationItemKey('client', clientId), 'client', 1, {
    clientId,
    allowedScopes: [...TYPICAL_SCOPES],
    claims: [
      { type: 'tenant', value: `tenant-${index}` },
      { type: 'plan', value: index % 3 === 0 ? 'gold' : 'silver' },
      { type: 'seats', value: String(10 + (index % 500)), valueType: 'integer' },
    ],
  })
}

/** A table holding the typical profile and `clients` clients in all (the typical one among them). */
async function seedTable(endpoint: string, clients: number): Promise<string> {
  const tableName = `claims-scale-${clients}-${randomUUID()}`
  await createTypicalTable(endpoint, tableName, async (admin) => {
    const others = Array.from({ length: clients - 1 }, (_, i) => tenantClient(i))
    const batches: Record<string, unknown>[][] = []
    for (let i = 0; i < others.length; i += 25) batches.push(others.slice(i, i + 25))
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
          await writeAll(admin, tableName, batch)
        }
      }),
    )
  })
  return tableName
}

async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }))
  while (pending.length > 0) {
    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
    )
    pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending
  }
}

/**
 * Cold start and warm latency of pre-token-generation against tables of
 * 10, 1,000 and 10,000 clients, in one run: the cold starts in fresh
 * processes (the bundled-SDK build), interleaved size by size in every round
 * so load from elsewhere lands on all sizes alike; the bytes and requests of
 * a first invocation in this process through a fresh runtime; the warm
 * invocations of one handler per size, interleaved call by call.
 */
export async function measureScale(options: ScaleOptions): Promise<ScaleResult> {
  const { clientCounts } = options
  const tables: string[] = []
  for (const clients of clientCounts) {
    options.onProgress?.(`scale: writing a table of ${clients} clients`)
    tables.push(await seedTable(options.endpoint, clients))
  }
  const event = typicalPreTokenGenerationEvent()
  const request = event.callerContext as Record<string, unknown> | undefined
  if (request?.clientId !== CLIENT_ID)
    throw new Error('the typical event is not for the typical client')

  const bytes: number[] = []
  const requests: number[] = []
  for (const tableName of tables) {
    const client = options.functions.createBenchClient(options.endpoint)
    try {
      const counted = options.functions.countDynamoDbRequests(client)
      const read = options.functions.countResponseBytes(client)
      const handler = options.functions.preTokenGenerationFunction(client, {
        CLAIMS_TABLE: tableName,
      })
      await handler(structuredClone(event), lambdaContext('pre-token-generation'))
      bytes.push(read.total())
      requests.push(counted.total())
    } finally {
      client.destroy()
    }
  }

  const coldStart = bundleOf(options.bundles, 'bundled', 'pre-token-generation').bundlePath
  const cold: ColdStartReport[][] = tables.map(() => [])
  for (let round = 0; round <= options.coldStarts; round++) {
    for (let i = 0; i < tables.length; i++) {
      const index = (i + round) % tables.length
      const job: ColdStartJob = {
        bundlePath: coldStart,
        functionName: 'pre-token-generation',
        event,
      }
      const report = await runChild<ColdStartReport>(options.bundles.children.coldStart, job, {
        env: options.env(tables[index] as string),
        timeoutMs: 30_000,
      })
      if (typeof (report.result as { response?: unknown })?.response !== 'object') {
        throw new Error(`scale cold start: no response: ${JSON.stringify(report.result)}`)
      }
      if (round > 0) cold[index]?.push(report)
    }
    options.onProgress?.(`scale: cold start round ${round}/${options.coldStarts}`)
  }

  const clients = tables.map(() => options.functions.createBenchClient(options.endpoint))
  const warmTimes: number[][] = tables.map(() => [])
  try {
    const handlers = tables.map((tableName, i) =>
      options.functions.preTokenGenerationFunction(clients[i] as DynamoDBDocumentClient, {
        CLAIMS_TABLE: tableName,
      }),
    )
    const nextEvent = eventSupply(event, (options.warmup + options.iterations) * tables.length + 1)
    for (let call = 0; call < options.warmup + options.iterations; call++) {
      for (let i = 0; i < handlers.length; i++) {
        const index = (i + call) % handlers.length
        const started = performance.now()
        await handlers[index]?.(nextEvent(), lambdaContext('pre-token-generation'))
        if (call >= options.warmup) warmTimes[index]?.push(performance.now() - started)
      }
    }
  } finally {
    for (const client of clients) client.destroy()
  }

  const total = (report: ColdStartReport) => report.importMs + report.invokeMs
  const baselineCold = cold[0] as ColdStartReport[]
  const baselineWarm = percentile(warmTimes[0] as number[], 50)
  const rows = clientCounts.map((count, i): ScaleRow => {
    const reports = cold[i] as ColdStartReport[]
    const warmP50Ms = percentile(warmTimes[i] as number[], 50)
    return {
      clients: count,
      coldStartMs: median(reports.map(total)),
      coldInvokeMs: median(reports.map((report) => report.invokeMs)),
      coldRatio: median(
        reports.map(
          (report, round) => total(report) / total(baselineCold[round] as ColdStartReport),
        ),
      ),
      coldBytesRead: bytes[i] as number,
      coldRequests: requests[i] as number,
      warmP50Ms,
      warmRatio: warmP50Ms / baselineWarm,
    }
  })
  return { coldStarts: options.coldStarts, iterations: options.iterations, rows }
}
