import type { LambdaContextLike, Logger } from './logger.js'

/**
 * Wraps a Lambda handler so that each invocation first gives its context to
 * `logger` (`Logger.addContext`): every entry of the invocation then carries
 * Powertools' `cold_start`, `function_name`, `function_request_id` and
 * `xray_trace_id`, also those written before the handler's own middlewares run.
 *
 * @example
 * export const handler = injectLambdaContext(logger, createUserInfoHandler(deps))
 */
export function injectLambdaContext<E, C extends LambdaContextLike, R>(
  logger: Logger,
  handler: (event: E, context: C) => R,
): (event: E, context: C) => R {
  return (event, context) => {
    logger.addContext(context)
    return handler(event, context)
  }
}
