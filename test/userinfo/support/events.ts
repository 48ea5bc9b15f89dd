import type { APIGatewayProxyEventV2, Context } from 'aws-lambda'

/** An API Gateway HTTP API (payload 2.0) request to GET /userinfo, as the service sends it. */
const HTTP_API_EVENT: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: 'GET /userinfo',
  rawPath: '/userinfo',
  rawQueryString: '',
  headers: {
    accept: 'application/json',
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'test',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'abc123',
    http: {
      method: 'GET',
      path: '/userinfo',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.7',
      userAgent: 'test',
    },
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    routeKey: 'GET /userinfo',
    stage: '$default',
    time: '12/Mar/2020:19:03:58 +0000',
    timeEpoch: 1583348638390,
  },
  isBase64Encoded: false,
}

/**
 * A fresh copy of the HTTP API event with `method`, headers added and
 * optionally a body.
 *
 * @example
 * httpApiEvent({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'access_token=x' })
 */
export function httpApiEvent(
  options: {
    method?: string
    headers?: Record<string, string>
    rawQueryString?: string
    queryStringParameters?: Record<string, string>
    body?: string
    isBase64Encoded?: boolean
  } = {},
): APIGatewayProxyEventV2 {
  const event = structuredClone(HTTP_API_EVENT)
  if (options.method !== undefined) event.requestContext.http.method = options.method
  event.headers = { ...event.headers, ...options.headers }
  if (options.rawQueryString !== undefined) event.rawQueryString = options.rawQueryString
  if (options.queryStringParameters !== undefined) {
    event.queryStringParameters = options.queryStringParameters
  }
  if (options.body !== undefined) event.body = options.body
  if (options.isBase64Encoded !== undefined) event.isBase64Encoded = options.isBase64Encoded
  return event
}

/** A Lambda context with `remainingMs` left. */
export function lambdaContext(remainingMs = 3_000): Context {
  const deadline = Date.now() + remainingMs
  const unused = () => {
    throw new Error('callback-style completion is not used')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'userinfo',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:userinfo',
    memoryLimitInMB: '256',
    awsRequestId: 'a1b2c3d4-0000-4000-8000-000000000000',
    logGroupName: '/aws/lambda/userinfo',
    logStreamName: '2025/01/01/[$LATEST]abc',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unused,
    fail: unused,
    succeed: unused,
  }
}
