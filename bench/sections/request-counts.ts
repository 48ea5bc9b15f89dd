import type { BenchTable } from '../support/bench-table.js'
import { eventSupply } from '../support/event-supply.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import { lambdaContext } from '../support/lambda-context.js'
import { typicalPreTokenGenerationEvent } from '../support/typical-profile.js'

export interface RequestCountOptions {
  readonly table: BenchTable
  /** The in-process bundle: the functions as built for deployment. */
  readonly functions: InProcessFunctions
  readonly invocations: number
}

/** Fewest and most requests one invocation sent. */
export interface PerInvocation {
  readonly min: number
  readonly max: number
}

export interface RequestCountResult {
  /** The first invocation of a fresh process: the configuration is loaded then. */
  readonly cold: Readonly<Record<string, number>>
  readonly warmInvocations: number
  readonly warm: {
    readonly total: PerInvocation
    readonly getItem: PerInvocation
    /** Configuration reads (Query), all inside the cache TTL. */
    readonly query: PerInvocation
  }
}

function range(values: readonly number[]): PerInvocation {
  return { min: Math.min(...values), max: Math.max(...values) }
}

/**
 * DynamoDB requests per pre-token-generation invocation, counted on the
 * client with `countDynamoDbRequests` (each retry counted): the first
 * invocation, then each warm one, all inside the configuration cache's TTL.
 */
export async function countRequests(options: RequestCountOptions): Promise<RequestCountResult> {
  const client = options.table.newClient()
  const requests = options.functions.countDynamoDbRequests(client)
  const handler = options.functions.preTokenGenerationFunction(client, {
    CLAIMS_TABLE: options.table.tableName,
  })
  const nextEvent = eventSupply(typicalPreTokenGenerationEvent(), options.invocations + 1)
  const invoke = () => handler(nextEvent(), lambdaContext('pre-token-generation'))

  await invoke()
  const cold = requests.snapshot()
  const total: number[] = []
  const getItem: number[] = []
  const query: number[] = []
  for (let i = 0; i < options.invocations; i++) {
    requests.reset()
    await invoke()
    total.push(requests.total())
    getItem.push(requests.count('GetItem'))
    query.push(requests.count('Query'))
  }
  requests.detach()
  return {
    cold,
    warmInvocations: options.invocations,
    warm: { total: range(total), getItem: range(getItem), query: range(query) },
  }
}
