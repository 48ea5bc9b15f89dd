import type { JsonValue } from '../core/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import { addedClaimBytes } from './added-claim-bytes.js'
import type { TriggerSettings } from './read-trigger-settings.js'
import { TokenSizeBudgetExceededError } from './token-size-budget-exceeded-error.js'

/** What `enforceTokenSizeBudget` checks, and where it reports. */
export interface TokenSizeBudgetCheck {
  readonly tokens: {
    readonly id?: Readonly<Record<string, JsonValue>> | undefined
    readonly access?: Readonly<Record<string, JsonValue>> | undefined
  }
  readonly settings: Pick<TriggerSettings, 'tokenSizeBudgetBytes' | 'tokenSizePolicy'>
  readonly logger: Logger
  readonly metrics: Metrics
}

/**
 * Measures what the claims add to each token (`addedClaimBytes`) against
 * `TOKEN_SIZE_BUDGET_BYTES`. Over budget, it logs and counts the token and,
 * under `TOKEN_SIZE_POLICY=fail`, throws `TokenSizeBudgetExceededError`.
 *
 * @example
 * enforceTokenSizeBudget({ tokens: { id: built.idToken, access: built.accessToken }, settings, logger, metrics })
 */
export function enforceTokenSizeBudget(check: TokenSizeBudgetCheck): void {
  const budget = check.settings.tokenSizeBudgetBytes
  for (const token of ['id', 'access'] as const) {
    const claims = check.tokens[token]
    if (claims === undefined) continue
    const bytes = addedClaimBytes(claims)
    if (bytes <= budget) continue
    check.logger.warn('claims exceed the token size budget', {
      token,
      bytes,
      budget,
      claimTypes: Object.keys(claims).length,
      policy: check.settings.tokenSizePolicy,
    })
    check.metrics.count('TokenSizeBudgetExceeded')
    if (check.settings.tokenSizePolicy === 'fail') {
      throw new TokenSizeBudgetExceededError(token, bytes, budget)
    }
  }
}
