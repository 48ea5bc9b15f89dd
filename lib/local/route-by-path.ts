import type { HttpLambdaHandler } from './serve-lambda-http.js'

/** One route of `routeByPath`: the function behind a path and the name its context reports. */
export interface HttpRoute {
  readonly functionName: string
  readonly handler: HttpLambdaHandler
}

/**
 * One payload-2.0 handler that calls the function routed at the request's
 * path, as an HTTP API with a route per function does, with the context
 * naming that function; any other path gets API Gateway's 404
 * `{"message":"Not Found"}`. Lets `serveLambdaHttp` serve several functions
 * on one loopback port.
 *
 * @example
 * await serveLambdaHttp(routeByPath({ '/userinfo': { functionName: 'userinfo', handler } }))
 */
export function routeByPath(routes: Readonly<Record<string, HttpRoute>>): HttpLambdaHandler {
  const byPath = new Map(Object.entries(routes))
  for (const [path, route] of byPath) {
    if (!path.startsWith('/') || typeof route?.handler !== 'function') {
      throw new TypeError(`routeByPath: ${JSON.stringify(path)} needs a path from / and a handler`)
    }
  }
  return async (event, context) => {
    const route = byPath.get(event.rawPath)
    if (route === undefined) {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Not Found' }),
      }
    }
    return route.handler(event, { ...context, functionName: route.functionName })
  }
}
