import type { MiddlewareObj } from '@middy/core'
import type { Metrics } from '../observability/index.js'
import { toCognitoTriggerError } from './to-cognito-trigger-error.js'

/** The metric each failure is counted under, by error code. */
export const TRIGGER_FAILURE_METRICS: Readonly<Record<string, string>> = Object.freeze({
  USER_INACTIVE: 'UsersRefused',
  STORE_UNAVAILABLE: 'StoreUnavailable',
  STORE_REQUEST_REJECTED: 'StoreRequestsRejected',
  COGNITO_EVENT_INVALID: 'EventsInvalid',
  TOKEN_SIZE_BUDGET_EXCEEDED: 'TokensRefusedForSize',
  CLAIM_VALUE_INVALID: 'TokensRefusedForInvalidClaim',
  STORE_ITEM_CORRUPT: 'StoreItemsCorrupt',
  INTERNAL_ERROR: 'UnexpectedErrors',
})

/**
 * A middy middleware that replaces any error with its safe form
 * (`toCognitoTriggerError`) before it reaches Cognito, which shows the message
 * to the client, and counts it.
 *
 * @example
 * middy(handler).use(mapTriggerErrors(metrics))
 */
export function mapTriggerErrors(metrics: Metrics): MiddlewareObj {
  return {
    onError: (request) => {
      const safe = toCognitoTriggerError(request.error)
      metrics.count('TriggerFailures')
      metrics.count(TRIGGER_FAILURE_METRICS[safe.code] ?? 'UnexpectedErrors')
      request.error = safe
    },
  }
}
