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

/** The claims of a Cognito access token for a case's user, valid for five minutes. */
export function accessTokenPayload(
  issuer: string,
  sub: string,
  clientId: string,
  scopes: readonly string[],
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    sub,
    iss: issuer,
    client_id: clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: now,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    username: sub,
  }
}

/** A userinfo request with the bearer token, as API Gateway's HTTP API (payload 2.0) passes it. */
export function userInfoEvent(accessToken: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /userinfo',
    rawPath: '/userinfo',
    rawQueryString: '',
    headers: { authorization: `Bearer ${accessToken}` },
    requestContext: {
      accountId: '000000000000',
      apiId: 'claimsmith-test',
      domainName: 'claimsmith.test',
      domainPrefix: 'claimsmith',
      http: {
        method: 'GET',
        path: '/userinfo',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'claimsmith-test',
      },
      requestId: randomUUID(),
      routeKey: 'GET /userinfo',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  }
}
