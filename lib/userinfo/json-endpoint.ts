import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import type { DeadlineContext } from '../middleware/index.js'
import { requireMethod } from './require-method.js'

/** Userinfo and introspection answers carry personal data or say something about a token: never cached. */
export const NO_STORE_HEADERS = Object.freeze({ 'Cache-Control': 'no-store', Pragma: 'no-cache' })

/**
 * An answer of the OAuth endpoints: `body` as JSON, never cached. The one
 * place a response body is serialized.
 *
 * @example
 * noStoreJsonResponse(200, { sub: '8f1c…' })
 */
export function noStoreJsonResponse(
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...NO_STORE_HEADERS, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }
}

/** What an endpoint computes: the body of its 200 answer, or it throws an `OAuthError`. */
export type JsonEndpointAnswer = (
  event: APIGatewayProxyEventV2,
  signal: AbortSignal,
  context: Context,
) => Promise<unknown>

/**
 * The handler of an OAuth endpoint behind `invocationDeadline`: it refuses a
 * method not in `methods` (405), then answers 200 with what `answer` returns,
 * given the invocation's deadline signal.
 *
 * @example
 * middy().use(invocationDeadline(500)).handler(jsonEndpoint(['POST'], async (event, signal) => ({ active: false })))
 */
export function jsonEndpoint(
  methods: readonly string[],
  answer: JsonEndpointAnswer,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event, context) => {
    requireMethod(event, methods)
    const body = await answer(event, (context as DeadlineContext).signal, context)
    return noStoreJsonResponse(200, body)
  }
}
