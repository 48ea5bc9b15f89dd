import type { MiddlewareObj } from '@middy/core'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { ClaimsStoreRejectedError } from '../core/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import { oauthErrorResponse, toOAuthError } from './oauth-error-response.js'

export interface OAuthErrorHandlerOptions {
  readonly logger: Logger
  readonly metrics: Metrics
}

/**
 * A middy middleware that turns any error into its OAuth response (see
 * `oauthErrorResponse`), logs it and counts it. Use it after `http-cors`, so
 * that it runs first on error and CORS headers are added to its response.
 * Refusals (4xx) are logged at info with their description; failures (5xx)
 * at error with their cause, which only the logs ever see.
 *
 * @example
 * middy(handler).use(httpHeaderNormalizer()).use(httpCors(…)).use(oauthErrorHandler({ logger, metrics }))
 */
export function oauthErrorHandler(
  options: OAuthErrorHandlerOptions,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const error = toOAuthError(request.error)
      const fields = {
        requestId: request.context.awsRequestId,
        status: error.status,
        error: error.error,
        code: error.code,
        description: error.message,
        cause: error.cause,
      }
      if (error.expose) {
        options.logger.info('userinfo request refused', fields)
        options.metrics.count('UserInfoRefused')
      } else {
        options.logger.error('userinfo request failed', fields)
        options.metrics.count('UserInfoFailed')
        // A permanent store failure answers 500, not 503: retrying will not help.
        if (error.cause instanceof ClaimsStoreRejectedError) {
          options.metrics.count('StoreRequestsRejected')
        }
      }
      request.response = oauthErrorResponse(error)
    },
  }
}
