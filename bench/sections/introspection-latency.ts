import type { BenchTable } from '../support/bench-table.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import {
  type EndpointLatencyResult,
  measureEndpointLatency,
} from '../support/measure-endpoint-latency.js'
import type { TokenIssuer } from '../support/token-issuer.js'
import {
  CLIENT_ID,
  introspectionEvent,
  RESOURCE_SERVER_CLIENT_ID,
  RESOURCE_SERVER_SCOPES,
  TYPICAL_SCOPES,
  USER_SUB,
} from '../support/typical-profile.js'

export interface IntrospectionLatencyOptions {
  readonly table: BenchTable
  /** The in-process bundle: the functions as built for deployment. */
  readonly functions: InProcessFunctions
  readonly tokenIssuer: TokenIssuer
  readonly warmup: number
  readonly iterations: number
}

/** Introspection's latency; `claimsServed` counts the members of its answer, RFC 7662's included. */
export type IntrospectionLatencyResult = EndpointLatencyResult

/**
 * Warm introspection requests, as a resource server makes them: its own
 * access token verified and its scope checked, then the typical user's
 * access token verified and answered active with the claims of the API
 * resource both name (`measureEndpointLatency`), against a bare GetItem.
 */
export async function measureIntrospectionLatency(
  options: IntrospectionLatencyOptions,
): Promise<IntrospectionLatencyResult> {
  const { tokenIssuer } = options
  const caller = await tokenIssuer.accessToken(
    RESOURCE_SERVER_CLIENT_ID,
    RESOURCE_SERVER_CLIENT_ID,
    RESOURCE_SERVER_SCOPES,
  )
  const token = await tokenIssuer.accessToken(USER_SUB, CLIENT_ID, TYPICAL_SCOPES)
  return measureEndpointLatency({
    ...options,
    name: 'introspection',
    compose: options.functions.introspectionFunction,
    event: introspectionEvent(caller, token),
    refuse: (body) => (body.active === true ? undefined : 'the token is not active'),
  })
}
