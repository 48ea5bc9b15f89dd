import middy, { type MiddyfiedHandler } from '@middy/core'
import httpCors from '@middy/http-cors'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import {
  type ClaimsConfigurationSource,
  ProfileIsActiveCallers,
  type ProfileService,
  type ReadAhead,
  type ReadAheadHint,
  runClaimsPipeline,
  type TokenPolicy,
  USERINFO_POLICY,
  userInfoResponse,
} from '../core/index.js'
import { flushMetrics, invocationDeadline, sendReadAhead } from '../middleware/index.js'
import { type Logger, type Metrics, reportIssuedTokens } from '../observability/index.js'
import { awaitClaims } from './await-claims.js'
import { extractAccessToken } from './extract-access-token.js'
import { jsonEndpoint } from './json-endpoint.js'
import { oauthErrorHandler } from './oauth-error-handler.js'
import { InsufficientScope, InvalidToken } from './oauth-errors.js'
import type { UserInfoSettings } from './read-userinfo-settings.js'
import { subjectFromAccessToken } from './subject-from-access-token.js'
import { createAccessTokenVerifier, unverifiedSubject } from './verify-access-token.js'

export interface UserInfoHandlerDependencies {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly logger: Logger
  readonly metrics: Metrics
  readonly settings: UserInfoSettings
  /**
   * Where the signing keys come from. Default: jose's remote key set on
   * `settings.jwksUrl`, fetched on first use, kept for the life of the
   * process and refetched for an unknown `kid` once jose's cooldown (30 s)
   * has passed, so a key rotation needs no restart.
   */
  readonly keySet?: JWTVerifyGetKey | undefined
  /**
   * Sends the user's read ahead on the invocation's signal (the runtime's
   * `readAhead`, given the user's `sub` alone), so it is on the wire while
   * the token's signature is checked; the profile service then gets that
   * same read. Only a token whose
   * unverified claims would pass every other check gets one, and nothing
   * from it is used unless the token verifies. Optional: without it the user
   * is read after the token verifies. The token's client is never read
   * ahead: the token is not verified yet, and a forged one would take a
   * place in the configuration cache.
   */
  readonly readAhead?: ReadAhead | undefined
}

export type UserInfoHandler = MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>

const ALLOWED_METHODS = ['GET', 'POST'] as const

const USERINFO_TOKENS: readonly TokenPolicy[] = Object.freeze([USERINFO_POLICY])

/**
 * Creates the OpenID Connect userinfo endpoint (Core 5.3) as a Lambda
 * handler for API Gateway HTTP API payload 2.0 or a function URL: verifies
 * the bearer access token, requires the `openid` scope, asks the profile
 * service whether the user is active (caller UserInfoRequestValidation), then
 * answers with the claims of the identity resources the token's scopes match
 * (caller UserInfoEndpoint), serialized leniently, with `sub` always the
 * token's. Errors follow RFC 6750 (see `oauthErrorResponse`). Call it once
 * per process: the key set it builds is cached in its closure.
 *
 * @example
 * export const handler = createUserInfoHandler({
 *   profileService, configurationSource, logger, metrics,
 *   settings: readUserInfoSettings(process.env),
 * })
 */
export function createUserInfoHandler(deps: UserInfoHandlerDependencies): UserInfoHandler {
  const { profileService, configurationSource, logger, metrics, settings, readAhead } = deps
  if (readAhead !== undefined && typeof readAhead !== 'function') {
    throw new TypeError('createUserInfoHandler: readAhead must be a function')
  }
  const verifyAccessToken = createAccessTokenVerifier({
    keySet: deps.keySet ?? createRemoteJWKSet(settings.jwksUrl),
    issuer: settings.issuer,
    clockToleranceSeconds: settings.clockToleranceSeconds,
    allowedClientIds: settings.allowedClientIds,
  })

  const userInfo = jsonEndpoint(ALLOWED_METHODS, async (event, signal, context) => {
    const token = await verifyAccessToken(extractAccessToken(event), signal)
    if (!token.scopes.includes('openid')) {
      throw new InsufficientScope('the access token lacks the openid scope', 'openid')
    }
    const claimsRequest = runClaimsPipeline({
      profileService,
      configurationSource,
      clientId: token.clientId,
      subject: subjectFromAccessToken(token),
      scopes: token.scopes,
      isActiveCaller: ProfileIsActiveCallers.UserInfoRequestValidation,
      tokens: USERINFO_TOKENS,
      signal,
    })
    const result = await awaitClaims(claimsRequest, signal)
    if (!result.active) throw new InvalidToken('the user is not active')

    const fields = { requestId: context.awsRequestId, clientId: token.clientId, sub: token.sub }
    reportIssuedTokens(result.tokens, logger.child(fields), metrics)
    const body = userInfoResponse(result, token.sub)
    logger.info('userinfo served', { ...fields, claims: Object.keys(body).length })
    metrics.count('UserInfoServed')
    return body
  })

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(flushMetrics(metrics))
  if (settings.corsOrigins.length > 0) {
    handler.use(
      httpCors({
        origins: [...settings.corsOrigins],
        methods: ALLOWED_METHODS.join(', '),
        headers: 'Authorization, Content-Type',
        exposeHeaders: 'WWW-Authenticate',
        maxAge: 600,
        disableBeforePreflightResponse: false,
      }),
    )
  }
  // After CORS and the metrics flush, so that on error it runs before them and they see its response.
  handler
    .use(oauthErrorHandler({ logger, metrics }))
    .use(invocationDeadline(settings.deadlineMarginMs))
  if (readAhead !== undefined) {
    // Only a token whose unverified claims would pass every other check gets a read ahead;
    // nothing from it is used unless the token verifies.
    const hint = { ...settings, requiredScope: 'openid' }
    const peek = (event: APIGatewayProxyEventV2): ReadAheadHint | undefined => {
      if (!(ALLOWED_METHODS as readonly string[]).includes(event.requestContext.http.method)) {
        return undefined
      }
      try {
        return { sub: unverifiedSubject(extractAccessToken(event), hint) }
      } catch {
        return undefined
      }
    }
    handler.use(sendReadAhead({ readAhead, peek, yieldAfterSending: false }))
  }
  return handler.handler(userInfo)
}
