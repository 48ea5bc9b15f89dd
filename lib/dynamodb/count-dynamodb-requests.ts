import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/** Requests a client sent, by operation name (`GetItem`, `Query`, …). */
export interface DynamoDbRequestCounter {
  /** Requests sent for `operation`, each retry counted. */
  count(operation: string): number
  /** Requests sent for all operations. */
  total(): number
  /** The counts by operation name. */
  snapshot(): Readonly<Record<string, number>>
  reset(): void
  /** Stops counting. */
  detach(): void
}

let counters = 0

/**
 * Counts the requests a client sends, after retries are decided, so a retried
 * call counts twice: what DynamoDB bills and what a test of "one read per
 * token" must see. For tests and the benchmark.
 *
 * @example
 * const requests = countDynamoDbRequests(client)
 * await store.findUser(sub)
 * requests.count('GetItem') // 1
 */
export function countDynamoDbRequests(client: DynamoDBDocumentClient): DynamoDbRequestCounter {
  const counts = new Map<string, number>()
  counters += 1
  const name = `claimsmithRequestCounter${counters}`
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '')
      counts.set(operation, (counts.get(operation) ?? 0) + 1)
      return next(args)
    },
    // The deserialize step runs inside the retry loop, once per attempt.
    { step: 'deserialize', name, override: true },
  )
  return {
    count: (operation) => counts.get(operation) ?? 0,
    total: () => [...counts.values()].reduce((sum, count) => sum + count, 0),
    snapshot: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
    detach: () => {
      client.middlewareStack.remove(name)
    },
  }
}
