import type { BenchTable } from '../support/bench-table.js'
import type { InProcessFunctions } from '../support/in-process-bundle.js'
import {
  type EndpointLatencyResult,
  measureEndpointLatency,
} from '../support/measure-endpoint-latency.js'
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

/** userinfo's latency; `claimsServed` counts the claims of its answer, `sub` included. */
export type UserInfoLatencyResult = EndpointLatencyResult

/**
 * Warm userinfo requests with the typical user's access token, each
 * verifying it (`measureEndpointLatency`), against a bare GetItem.
 */
export async function measureUserInfoLatency(
  options: UserInfoLatencyOptions,
): Promise<UserInfoLatencyResult> {
  const token = await options.tokenIssuer.accessToken(USER_SUB, CLIENT_ID, TYPICAL_SCOPES)
  return measureEndpointLatency({
    ...options,
    name: 'userinfo',
    compose: options.functions.userInfoFunction,
    event: userInfoEvent(token),
  })
}
