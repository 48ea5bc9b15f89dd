import { type IssuedToken, ProfileDataCallers } from '../core/index.js'
import { ClaimMetrics } from './claim-metrics.js'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'

const TOKEN_NAMES = {
  [ProfileDataCallers.ClaimsProviderIdentityToken]: 'id',
  [ProfileDataCallers.ClaimsProviderAccessToken]: 'access',
  [ProfileDataCallers.UserInfoEndpoint]: 'userinfo',
} as const

/**
 * Logs and counts what the pipeline reports for each token: restricted
 * claims, invalid values, claims the token's shaping left out or reduced, and
 * a token over its size budget. Types and reasons only, never a value; one
 * metric name per cause (`ClaimMetrics`). Nothing is written for a clean
 * token, the common case.
 *
 * @example
 * reportIssuedTokens(result.tokens, log, metrics)
 */
export function reportIssuedTokens(
  tokens: readonly IssuedToken[],
  logger: Logger,
  metrics: Metrics,
): void {
  for (const issued of tokens) {
    const { caller } = issued.policy
    const token = TOKEN_NAMES[caller]
    for (const claim of issued.restricted) {
      logger.warn('restricted claim not issued', { caller, ...claim })
      metrics.count(ClaimMetrics.Restricted)
    }
    const asText = issued.policy.onInvalidValue === 'text'
    for (const error of issued.invalid) {
      logger.warn(asText ? 'claim value sent as a string' : 'invalid claim value omitted', {
        caller,
        claimType: error.claimType,
        valueType: error.valueType,
        reason: error.reason,
      })
      metrics.count(ClaimMetrics.ValueInvalid)
    }
    for (const { type, problem, expected } of issued.shapedOut) {
      if (expected) continue
      logger.warn('claim left out of the token by its shaping rules', {
        token,
        claimType: type,
        reason: problem,
      })
      metrics.count(ClaimMetrics.ShapedOut)
    }
    for (const type of issued.reduced) {
      logger.info('claim reduced to its first value', { token, claimType: type })
    }
    if (issued.overBudget) {
      logger.warn('claims exceed the token size budget', {
        token,
        bytes: issued.bytes,
        budget: issued.policy.sizeBudgetBytes,
        claimTypes: Object.keys(issued.claims).length,
      })
      metrics.count(ClaimMetrics.OverBudget)
    }
  }
}
