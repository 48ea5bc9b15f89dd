import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { MethodNotAllowed } from './oauth-errors.js'

/**
 * Throws `MethodNotAllowed` (405 with `Allow`) unless the request's method is
 * one of `allowed` (upper case).
 *
 * @example
 * requireMethod(event, ['GET', 'POST'])
 */
export function requireMethod(event: APIGatewayProxyEventV2, allowed: readonly string[]): void {
  if (!allowed.includes(event.requestContext.http.method.toUpperCase())) {
    throw new MethodNotAllowed(allowed)
  }
}
