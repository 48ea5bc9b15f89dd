import type { BenchTable } from '../support/bench-table.js'
import { compareWithGetItem, type LatencyComparison } from '../support/compare-with-get-item.js'
import { eventSupply } from '../support/event-supply.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import { lambdaContext } from '../support/lambda-context.js'
import type { TokenIssuer } from '../support/token-issuer.js'
import { CLIENT_ID, TYPICAL_SCOPES, USER_SUB, userInfoEvent } from '../support/typical-profile.js'

export interface UserInfoLatencyOptions {
  readonly table: BenchTable
  /** The in-process bundle: the functions as built for deployment. */
  readonly functions: InProcessFunctions
  readonly tokenIssuer: TokenIssuer
  readonly warmup: number
  readonly iterations: number
}

export interface UserInfoLatencyResult extends LatencyComparison {
  /** Claims in the answer, `sub` included. */
  readonly claimsServed: number
  /** Key set fetches during the whole measurement: 1 when the key set is cached. */
  readonly jwksRequests: number
}

/**
 * Warm userinfo requests, each verifying the access token (RS256, the key
 * set fetched once from the loopback issuer and cached), against a bare
 * GetItem of the same item through the same client.
 */
export async function measureUserInfoLatency(
  options: UserInfoLatencyOptions,
): Promise<UserInfoLatencyResult> {
  const { table, tokenIssuer } = options
  const client = table.newClient()
  const handler = options.functions.userInfoFunction(client, {
    CLAIMS_TABLE: table.tableName,
    ISSUER: tokenIssuer.issuer,
    JWKS_URL: tokenIssuer.jwksUrl,
  })
  const token = await tokenIssuer.accessToken(USER_SUB, CLIENT_ID, TYPICAL_SCOPES)
  const nextEvent = eventSupply(userInfoEvent(token), options.warmup + options.iterations + 1)
  const invoke = () => handler(nextEvent(), lambdaContext('userinfo'))

  const jwksBefore = tokenIssuer.jwksRequests
  const first = await invoke()
  if (first.statusCode !== 200 || first.body === undefined) {
    throw new Error(`userinfo refused the benchmark's token: ${JSON.stringify(first)}`)
  }
  const claimsServed = Object.keys(JSON.parse(first.body) as object).length
  const comparison = await compareWithGetItem(invoke, {
    functions: options.functions,
    client,
    tableName: table.tableName,
    warmup: options.warmup,
    iterations: options.iterations,
  })
  return { ...comparison, claimsServed, jwksRequests: tokenIssuer.jwksRequests - jwksBefore }
}
