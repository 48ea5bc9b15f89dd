import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core'
import httpCors from '@middy/http-cors'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import {
  type ClaimsConfigurationSource,
  ClaimsStoreUnavailableError,
  type Client,
  checkIsActive,
  type IssuedClaims,
  issueClaims,
  type JsonValue,
  loadClientConfiguration,
  ProfileDataCallers,
  ProfileIsActiveCallers,
  type ProfileService,
  type Resources,
  requestedClaimTypes,
  resolveRequestedResources,
  serializeClaims,
  untilAborted,
} from '../core/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import { startDeadline } from '../runtime/index.js'
import { extractAccessToken } from './extract-access-token.js'
import { oauthErrorHandler } from './oauth-error-handler.js'
import { NO_STORE_HEADERS } from './oauth-error-response.js'
import {
  InsufficientScope,
  InvalidToken,
  MethodNotAllowed,
  OAuthError,
  ServerError,
  TemporarilyUnavailable,
} from './oauth-errors.js'
import type { UserInfoSettings } from './read-userinfo-settings.js'
import { subjectFromAccessToken } from './subject-from-access-token.js'
import {
  createAccessTokenVerifier,
  unverifiedSubject,
  type VerifiedAccessToken,
} from './verify-access-token.js'

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
   * `prefetchUser`), so it is on the wire while the token's signature is
   * checked; the profile service then gets that same read. Only a token whose
   * unverified claims would pass every other check gets one, and nothing
   * from it is used unless the token verifies. Optional: without it the user
   * is read after the token verifies.
   */
  readonly prefetchUser?: ((sub: string, signal: AbortSignal) => void) | undefined
}

export type UserInfoHandler = MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>

const ALLOWED_METHODS = ['GET', 'POST'] as const

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
  const { profileService, configurationSource, logger, metrics, settings, prefetchUser } = deps
  if (prefetchUser !== undefined && typeof prefetchUser !== 'function') {
    throw new TypeError('createUserInfoHandler: prefetchUser must be a function')
  }
  const verifyAccessToken = createAccessTokenVerifier({
    keySet: deps.keySet ?? createRemoteJWKSet(settings.jwksUrl),
    issuer: settings.issuer,
    clockToleranceSeconds: settings.clockToleranceSeconds,
    allowedClientIds: settings.allowedClientIds,
  })

  // One signal for every read of this request, so the memoized store reads the user once.
  const loadClaims = async (token: VerifiedAccessToken, signal: AbortSignal) => {
    const { resources, client } = await guard('configuration could not be loaded', () =>
      loadClientConfiguration(configurationSource, token.clientId, signal),
    )
    const subject = subjectFromAccessToken(token)
    const active = await guard('isActive failed', () =>
      checkIsActive({
        profileService,
        subject,
        client,
        caller: ProfileIsActiveCallers.UserInfoRequestValidation,
        signal,
      }),
    )
    if (!active) throw new InvalidToken('the user is not active')
    return guard('getProfileData failed', () =>
      issueClaims({
        profileService,
        subject,
        client,
        caller: ProfileDataCallers.UserInfoEndpoint,
        requestedClaimTypes: requestedUserInfoClaimTypes(resources, token.scopes, client),
        signal,
      }),
    )
  }

  const userInfo = async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase()
    if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
      throw new MethodNotAllowed(ALLOWED_METHODS)
    }
    const accessToken = extractAccessToken(event)
    const deadline = startDeadline(context.getRemainingTimeInMillis(), settings.deadlineMarginMs)
    const { signal } = deadline
    let token: VerifiedAccessToken
    let issued: IssuedClaims
    try {
      const sub = prefetchUser === undefined ? undefined : unverifiedSubject(accessToken, settings)
      if (sub !== undefined) prefetchUser?.(sub, signal)
      // The key set may have to be fetched: bounded by the same deadline as the store.
      token = await untilAborted(verifyAccessToken(accessToken), signal, (cause) =>
        cause instanceof OAuthError
          ? cause
          : new TemporarilyUnavailable('the deadline passed before the signing keys were loaded', {
              cause,
            }),
      )
      if (!token.scopes.includes('openid')) {
        throw new InsufficientScope('the access token lacks the openid scope', 'openid')
      }
      issued = await untilAborted(loadClaims(token, signal), signal, (cause) =>
        cause instanceof OAuthError
          ? cause
          : new TemporarilyUnavailable('the deadline passed before the claims were loaded', {
              cause,
            }),
      )
    } catch (error) {
      // Nothing still running on the signal (a read sent ahead) is wanted now.
      deadline.abandon()
      throw error
    } finally {
      deadline.clear()
    }
    const { claims, restricted } = issued
    const serialized = serializeClaims(claims, 'userinfo')

    const fields = { requestId: context.awsRequestId, clientId: token.clientId }
    for (const claim of restricted) {
      logger.warn('restricted claim not emitted', { ...fields, sub: token.sub, ...claim })
      metrics.count('RestrictedClaimDropped')
    }
    for (const invalid of serialized.invalid) {
      logger.warn('claim value sent as a string', {
        ...fields,
        sub: token.sub,
        claimType: invalid.claimType,
        valueType: invalid.valueType,
        reason: invalid.reason,
      })
      metrics.count('ClaimValueInvalid')
    }
    const body: Record<string, JsonValue> = Object.assign(Object.create(null), serialized.claims)
    // Last, so no profile service can put another user's subject in the answer.
    body.sub = token.sub
    logger.info('userinfo served', { ...fields, claims: Object.keys(body).length })
    metrics.count('UserInfoServed')
    return {
      statusCode: 200,
      headers: { ...NO_STORE_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }
  }

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
  // Last, so that on error it runs first and CORS and the metrics flush see its response.
  return handler.use(oauthErrorHandler({ logger, metrics })).handler(userInfo)
}

function requestedUserInfoClaimTypes(
  resources: Resources,
  scopes: readonly string[],
  client: Client,
): Set<string> {
  const resolved = resolveRequestedResources({ scopes, client, resources })
  return requestedClaimTypes(resolved, ProfileDataCallers.UserInfoEndpoint)
}

/**
 * Runs a call to the store, the configuration or the profile service: a
 * store outage or the deadline is `TemporarilyUnavailable` (a retry may
 * help), anything else a `ServerError`. The cause stays for the logs.
 */
async function guard<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof OAuthError) throw error
    const transient =
      error instanceof ClaimsStoreUnavailableError ||
      (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    throw transient
      ? new TemporarilyUnavailable(what, { cause: error })
      : new ServerError(what, { cause: error })
  }
}

function flushMetrics(
  metrics: Metrics,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const flush = async () => metrics.flush()
  return { after: flush, onError: flush }
}
