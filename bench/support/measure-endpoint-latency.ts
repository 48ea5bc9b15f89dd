import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import type { BenchTable } from './bench-table.js'
import { compareWithGetItem, type LatencyComparison } from './compare-with-get-item.js'
import { eventSupply } from './event-supply.js'
import type { InProcessFunctions } from './in-process-bundle.js'
import { lambdaContext } from './lambda-context.js'
import type { TokenIssuer } from './token-issuer.js'

/** A warm HTTP endpoint that verifies access tokens, against a bare GetItem. */
export interface EndpointLatencyResult extends LatencyComparison {
  /** Members of the first answer (for userinfo its claims, `sub` included). */
  readonly claimsServed: number
  /** Key set fetches during the whole measurement: 1 when the key set is cached. */
  readonly jwksRequests: number
}

/** What the userinfo and introspection sections give `measureEndpointLatency`. */
export interface EndpointLatencyOptions {
  /** The function's name, for its context and errors. */
  readonly name: string
  readonly table: BenchTable
  /** The in-process bundle: the functions as built for deployment. */
  readonly functions: InProcessFunctions
  readonly tokenIssuer: TokenIssuer
  /** Composes the function (an export of the in-process bundle) on a client and its environment. */
  readonly compose: (
    client: DynamoDBDocumentClient,
    env: Readonly<Record<string, string>>,
  ) => (
    event: APIGatewayProxyEventV2,
    context: Context,
  ) => Promise<APIGatewayProxyStructuredResultV2>
  /** The request, its tokens made by `tokenIssuer`. */
  readonly event: APIGatewayProxyEventV2
  /** Why the first answer is not the one to measure (not the full, successful path), if it is not. */
  readonly refuse?: (body: Record<string, unknown>) => string | undefined
  readonly warmup: number
  readonly iterations: number
}

/**
 * Warm requests to an endpoint composed from the in-process bundle, each
 * verifying its access tokens (RS256, the key set fetched once from the
 * loopback issuer and cached), against a bare GetItem of the same item
 * through the same client, interleaved (`compareWithGetItem`).
 *
 * @example
 * await measureEndpointLatency({ name: 'userinfo', compose: functions.userInfoFunction, event, table, functions, tokenIssuer, warmup, iterations })
 */
export async function measureEndpointLatency(
  options: EndpointLatencyOptions,
): Promise<EndpointLatencyResult> {
  const { table, tokenIssuer, name } = options
  const client = table.newClient()
  const handler = options.compose(client, {
    CLAIMS_TABLE: table.tableName,
    ISSUER: tokenIssuer.issuer,
    JWKS_URL: tokenIssuer.jwksUrl,
  })
  const nextEvent = eventSupply(options.event, options.warmup + options.iterations + 1)
  const invoke = () => handler(nextEvent(), lambdaContext(name))

  const jwksBefore = tokenIssuer.jwksRequests
  const first = await invoke()
  const body =
    first.statusCode === 200 && first.body !== undefined
      ? (JSON.parse(first.body) as Record<string, unknown>)
      : undefined
  const refusal = body === undefined ? 'not 200' : options.refuse?.(body)
  if (refusal !== undefined) {
    throw new Error(
      `${name} refused the benchmark's request (${refusal}): ${JSON.stringify(first)}`,
    )
  }
  const comparison = await compareWithGetItem(invoke, {
    functions: options.functions,
    client,
    tableName: table.tableName,
    warmup: options.warmup,
    iterations: options.iterations,
  })
  return {
    ...comparison,
    claimsServed: Object.keys(body ?? {}).length,
    jwksRequests: tokenIssuer.jwksRequests - jwksBefore,
  }
}
