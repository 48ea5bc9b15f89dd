import type { LocalLambdaHandler } from './local-lambda-handler.js'

/**
 * Lets a Cognito trigger handler take cognito-local's events. cognito-local
 * 5.3.0 builds its trigger events in the version 1 shape that Cognito sends
 * but labels them `version: "0"`, which the triggers refuse as an unknown
 * version; this wrapper relabels "0" as "1" and passes every other event on
 * untouched, so the handler itself stays strict about what Cognito sends.
 *
 * @example
 * startLambdaInvokeServer({ functions: { 'pre-token-generation': acceptCognitoLocalEvents(fn.handler) } })
 */
export function acceptCognitoLocalEvents(handler: LocalLambdaHandler): LocalLambdaHandler {
  if (typeof handler !== 'function') {
    throw new TypeError('acceptCognitoLocalEvents: handler must be a function')
  }
  return (event, context) => {
    const relabel =
      typeof event === 'object' &&
      event !== null &&
      !Array.isArray(event) &&
      (event as { version?: unknown }).version === '0'
    return handler(relabel ? { ...event, version: '1' } : event, context)
  }
}
