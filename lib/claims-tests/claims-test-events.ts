import { randomUUID } from 'node:crypto'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { CLIENT_CREDENTIALS_TRIGGER_SOURCE } from '../cognito/trigger-sources.js'
import type { ClaimsTestCase } from './claims-test-case.js'

/** The region and pool the events of a test run name; nothing reads them but the logs. */
const REGION = 'us-east-1'
const USER_POOL_ID = 'us-east-1_claimsmithtest'

/** What a case's request is made of, without its name or expectations. */
export type ClaimsTestRequest = Pick<
  ClaimsTestCase,
  'sub' | 'clientId' | 'scopes' | 'version' | 'triggerSource' | 'attributes'
>

/**
 * The pre-token-generation event Cognito would send for a case's request:
 * the user's attributes with their sub, and the requested scopes (none in
 * version 1; an empty list, as for a sign-in without scopes, when the case
 * gives none).
 *
 * @example
 * await handler(preTokenGenerationEvent({ sub, clientId: 'web', scopes: ['openid'], version: '2', triggerSource: 'TokenGeneration_HostedAuth', attributes: {} }), context)
 */
export function preTokenGenerationEvent(request: ClaimsTestRequest): Record<string, unknown> {
  const common = {
    version: request.version,
    triggerSource: request.triggerSource,
    region: REGION,
    userPoolId: USER_POOL_ID,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: request.clientId },
    response: {},
  }
  const scopes = request.scopes ?? []
  if (request.triggerSource === CLIENT_CREDENTIALS_TRIGGER_SOURCE) {
    return { ...common, request: { userAttributes: {}, groupConfiguration: null, scopes } }
  }
  const sub = request.sub ?? ''
  return {
    ...common,
    userName: sub,
    request: {
      userAttributes: { ...request.attributes, sub },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      ...(request.version === '1' ? {} : { scopes }),
    },
  }
}

/**
 * The claims of a Cognito access token valid for five minutes: a user's
 * (`sub` given), or without `sub` a client-credentials token, whose subject
 * is its client and which has no username.
 */
export function accessTokenPayload(
  issuer: string,
  sub: string | undefined,
  clientId: string,
  scopes: readonly string[],
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    sub: sub ?? clientId,
    iss: issuer,
    client_id: clientId,
    ...(sub === undefined ? {} : { origin_jti: randomUUID(), event_id: randomUUID() }),
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...(sub === undefined ? {} : { username: sub }),
  }
}

/** A request as API Gateway's HTTP API (payload 2.0) passes it to a function. */
function httpApiEvent(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): APIGatewayProxyEventV2 {
  const routeKey = `${method} ${path}`
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'claimsmith-test',
      domainName: 'claimsmith.test',
      domainPrefix: 'claimsmith',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'claimsmith-test',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  }
}

/** A userinfo request with the bearer token. */
export function userInfoEvent(accessToken: string): APIGatewayProxyEventV2 {
  return httpApiEvent('GET', '/userinfo', { authorization: `Bearer ${accessToken}` })
}

/** An introspection request (RFC 7662 section 2.1): `token` in a form body, the caller's own token as bearer. */
export function introspectionEvent(callerToken: string, token: string): APIGatewayProxyEventV2 {
  return httpApiEvent(
    'POST',
    '/introspect',
    {
      authorization: `Bearer ${callerToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
  )
}
