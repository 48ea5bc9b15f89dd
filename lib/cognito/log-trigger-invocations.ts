import type { MiddlewareObj, Request } from '@middy/core'
import { UserInactiveError } from '../core/index.js'
import type { Logger } from '../observability/index.js'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { triggerEventFields, triggerResponseCounts } from './trigger-log-fields.js'

const STARTED = 'claimsmithStartedAt'

/**
 * A middy middleware that logs each invocation once: the trigger source,
 * version, user pool, client, how long it took and, on success, how many
 * claims each token got; on failure, the error in full (the client only ever
 * sees the safe message). Claim values are never logged. Register it last, so
 * it sees an error before it is made safe.
 *
 * @example
 * middy(handler).use(flushMetrics(metrics)).use(mapTriggerErrors(metrics)).use(logTriggerInvocations(logger))
 */
export function logTriggerInvocations(logger: Logger): MiddlewareObj {
  // On middy's per-request `internal` object: a WeakMap entry per invocation would be an
  // ephemeron every garbage collection must trace.
  const elapsed = (request: Request) =>
    Math.round(
      performance.now() -
        (((request.internal as Record<string, unknown>)[STARTED] as number | undefined) ??
          performance.now()),
    )
  return {
    before: (request) => {
      ;(request.internal as Record<string, unknown>)[STARTED] = performance.now()
    },
    after: (request) => {
      logger.info('trigger completed', {
        ...triggerEventFields(request.event),
        ...triggerResponseCounts(request.response),
        durationMs: elapsed(request),
      })
    },
    onError: (request) => {
      const fields = {
        ...triggerEventFields(request.event),
        durationMs: elapsed(request),
        error: request.error,
      }
      const refused =
        request.error instanceof UserInactiveError ||
        request.error instanceof CognitoEventInvalidError
      if (refused) logger.warn('trigger refused the request', fields)
      else logger.error('trigger failed', fields)
    },
  }
}
