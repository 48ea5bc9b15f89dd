import type { BenchTable } from '../support/bench-table.js'
import { compareWithGetItem, type LatencyComparison } from '../support/compare-with-get-item.js'
import { eventSupply } from '../support/event-supply.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import { lambdaContext } from '../support/lambda-context.js'
import { typicalPreTokenGenerationEvent } from '../support/typical-profile.js'

export interface WarmLatencyOptions {
  readonly table: BenchTable
  /** The in-process bundle: the functions as built for deployment. */
  readonly functions: InProcessFunctions
  readonly warmup: number
  readonly iterations: number
}

export interface WarmLatencyResult extends LatencyComparison {
  /** Claims the typical profile puts in the ID and access tokens. */
  readonly claimsIssued: { readonly idToken: number; readonly accessToken: number }
}

interface V2Response {
  readonly claimsAndScopeOverrideDetails?: {
    readonly idTokenGeneration?: { readonly claimsToAddOrOverride?: Record<string, unknown> }
    readonly accessTokenGeneration?: { readonly claimsToAddOrOverride?: Record<string, unknown> }
  }
}

/**
 * Warm pre-token-generation V2 for the typical profile (20 stored claims, 5
 * scopes, one client) against a bare GetItem of the same item, through the
 * same client, in this process.
 */
export async function measureWarmLatency(options: WarmLatencyOptions): Promise<WarmLatencyResult> {
  const client = options.table.newClient()
  const { tableName } = options.table
  const handler = options.functions.preTokenGenerationFunction(client, { CLAIMS_TABLE: tableName })
  const nextEvent = eventSupply(
    typicalPreTokenGenerationEvent(),
    options.warmup + options.iterations + 1,
  )
  const invoke = () => handler(nextEvent(), lambdaContext('pre-token-generation'))

  const first = await invoke()
  const details = (first.response as V2Response).claimsAndScopeOverrideDetails
  const claimsIssued = {
    idToken: Object.keys(details?.idTokenGeneration?.claimsToAddOrOverride ?? {}).length,
    accessToken: Object.keys(details?.accessTokenGeneration?.claimsToAddOrOverride ?? {}).length,
  }
  if (claimsIssued.idToken === 0 || claimsIssued.accessToken === 0) {
    throw new Error(`the typical profile issued no claims: ${JSON.stringify(first.response)}`)
  }
  const comparison = await compareWithGetItem(invoke, {
    functions: options.functions,
    client,
    tableName,
    warmup: options.warmup,
    iterations: options.iterations,
  })
  return { ...comparison, claimsIssued }
}
