import type { MiddlewareObj } from '@middy/core'
import type { Metrics } from '../observability/index.js'

/**
 * A middy middleware that writes the invocation's metrics as one EMF line,
 * whether it succeeded or failed. Register it first, so it runs after the
 * others have counted.
 *
 * @example
 * middy(handler).use(flushMetrics(metrics))
 */
export function flushMetrics(metrics: Metrics): MiddlewareObj<unknown, unknown, Error> {
  return {
    after: () => {
      metrics.flush()
    },
    onError: () => {
      metrics.flush()
    },
  }
}
