import middy, { type MiddyfiedHandler } from '@middy/core'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import type {
  ClaimsConfigurationSource,
  ProfileService,
  ReadAhead,
  ReadAheadHint,
} from '../core/index.js'
import { flushMetrics, invocationDeadline, sendReadAhead } from '../middleware/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import {
  awaitClaims,
  createAccessTokenVerifier,
  InsufficientScope,
  InvalidRequest,
  InvalidToken,
  isClientCredentialsToken,
  jsonEndpoint,
  MAX_AUTHORIZATION_HEADER_LENGTH,
  oauthErrorHandler,
  parseAuthorizationHeader,
  readFormBody,
  subjectFromAccessToken,
  TokenRequired,
  unverifiedAccessToken,
  unverifiedSubject,
  type VerifiedAccessToken,
} from '../userinfo/index.js'
import { introspectClaims } from './introspect-claims.js'
import { INACTIVE_TOKEN, introspectionResponse } from './introspection-response.js'
import type { IntrospectionSettings } from './read-introspection-settings.js'

export interface IntrospectionHandlerDependencies {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly logger: Logger
  readonly metrics: Metrics
  readonly settings: IntrospectionSettings
  /** Where the signing keys come from. Default: jose's remote key set on `settings.jwksUrl`, as userinfo. */
  readonly keySet?: JWTVerifyGetKey | undefined
  /**
   * Sends the read of the introspected token's user ahead on the
   * invocation's signal (the runtime's `readAhead`, given the user's `sub`
   * alone), so it is on the wire
   * while both tokens' signatures are checked; the profile service then gets
   * that same read. Only when the unverified claims of both the caller's
   * token (scope included) and the introspected token would pass every
   * other check; nothing from the read is used unless both verify. Optional:
   * without it the user is read after the tokens verify. The token's client
   * is never read ahead: the token is not verified yet, and a forged one
   * would take a place in the configuration cache.
   */
  readonly readAhead?: ReadAhead | undefined
}

export type IntrospectionHandler = MiddyfiedHandler<
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>

const ALLOWED_METHODS = ['POST'] as const

/**
 * Creates the OAuth 2.0 token introspection endpoint (RFC 7662) as a Lambda
 * handler for API Gateway HTTP API payload 2.0: `POST` with a form body
 * carrying `token` (and an optional `token_type_hint`, which changes
 * nothing: only access tokens can be introspected).
 *
 * The caller authenticates with its own access token as `Authorization:
 * Bearer`, verified exactly as userinfo verifies tokens, in
 * `settings.allowedClientIds` when set (401 otherwise) and carrying
 * `settings.scope` (403 `insufficient_scope` otherwise).
 *
 * The answer is `{"active": false}` and nothing else for any token that does
 * not verify as an access token of the issuer, whose user the profile service
 * finds inactive (caller AccessTokenValidation, which also refuses a token
 * issued before the user's sign-out), or whose scopes name no API resource
 * the caller's scopes name (RFC 7662 section 4). Otherwise the RFC 7662
 * members and the claims the access token would carry now for the API
 * resources both tokens name, through the one claims pipeline.
 *
 * @example
 * export const handler = createIntrospectionHandler({
 *   profileService, configurationSource, logger, metrics,
 *   settings: readIntrospectionSettings(process.env),
 * })
 */
export function createIntrospectionHandler(
  deps: IntrospectionHandlerDependencies,
): IntrospectionHandler {
  const { profileService, configurationSource, logger, metrics, settings, readAhead } = deps
  if (readAhead !== undefined && typeof readAhead !== 'function') {
    throw new TypeError('createIntrospectionHandler: readAhead must be a function')
  }
  const keySet = deps.keySet ?? createRemoteJWKSet(settings.jwksUrl)
  const verification = {
    keySet,
    issuer: settings.issuer,
    clockToleranceSeconds: settings.clockToleranceSeconds,
  }
  const verifyCaller = createAccessTokenVerifier({
    ...verification,
    allowedClientIds: settings.allowedClientIds,
  })
  const verifyToken = createAccessTokenVerifier(verification)

  /** The token verified, or `undefined` for any token that is not a valid access token. */
  const verifiedOrNothing = async (
    token: string,
    signal: AbortSignal,
  ): Promise<VerifiedAccessToken | undefined> => {
    if (token === '' || token.length > MAX_AUTHORIZATION_HEADER_LENGTH) return undefined
    try {
      return await verifyToken(token, signal)
    } catch (error) {
      if (error instanceof InvalidToken) return undefined
      throw error
    }
  }

  const tokenHint = {
    issuer: settings.issuer,
    clockToleranceSeconds: settings.clockToleranceSeconds,
  }
  const callerHint = {
    ...tokenHint,
    allowedClientIds: settings.allowedClientIds,
    requiredScope: settings.scope,
  }

  const introspect = jsonEndpoint(ALLOWED_METHODS, async (event, signal, context) => {
    const credentials = parseAuthorizationHeader(event.headers?.authorization)
    if (credentials.scheme !== 'bearer') throw new TokenRequired()
    // Both signatures are checked at the same time, but only for a caller whose claims
    // would pass unverified: an unauthenticated request costs one check, as at userinfo.
    // Errors keep their order: the caller's first, then a malformed body.
    const tokenCheck =
      unverifiedAccessToken(credentials.token, callerHint) === undefined
        ? undefined
        : Promise.resolve().then(() => verifiedOrNothing(tokenParameter(event), signal))
    tokenCheck?.catch(() => {})
    const caller = await verifyCaller(credentials.token, signal)
    if (!caller.scopes.includes(settings.scope)) {
      throw new InsufficientScope(
        `the access token lacks the ${settings.scope} scope`,
        settings.scope,
      )
    }
    const fields = { requestId: context.awsRequestId, callerClientId: caller.clientId }
    const token = await (tokenCheck ?? verifiedOrNothing(tokenParameter(event), signal))

    const body =
      token === undefined ? undefined : await awaitClaims(answer(token, caller, signal), signal)
    logger.info('token introspected', { ...fields, active: body !== undefined })
    metrics.count(body === undefined ? 'IntrospectionInactive' : 'IntrospectionActive')
    return body ?? INACTIVE_TOKEN
  })

  /** The answer for a verified token, or `undefined` when it is not active to this caller. */
  const answer = async (
    token: VerifiedAccessToken,
    caller: VerifiedAccessToken,
    signal: AbortSignal,
  ): Promise<Record<string, unknown> | undefined> => {
    // A client-credentials token's sub is its client: there is no user to ask about.
    const clientToken = isClientCredentialsToken(token.payload)
    const { inactiveBecause, issued } = await introspectClaims({
      profileService,
      configurationSource,
      clientId: token.clientId,
      subject: clientToken ? undefined : subjectFromAccessToken(token),
      scopes: token.scopes,
      callerScopes: caller.scopes,
      signal,
    })
    if (inactiveBecause !== undefined) return undefined
    return introspectionResponse(token, issued?.claims ?? {})
  }

  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(httpHeaderNormalizer())
    .use(flushMetrics(metrics))
    .use(oauthErrorHandler({ logger, metrics, endpoint: 'introspection' }))
    .use(invocationDeadline(settings.deadlineMarginMs))
  if (readAhead !== undefined) {
    // The introspected token's user, only for a request whose caller would pass too: an
    // unauthenticated request costs no read.
    const peek = (event: APIGatewayProxyEventV2): ReadAheadHint | undefined => {
      if (!(ALLOWED_METHODS as readonly string[]).includes(event.requestContext.http.method)) {
        return undefined
      }
      try {
        const credentials = parseAuthorizationHeader(event.headers?.authorization)
        if (credentials.scheme !== 'bearer') return undefined
        if (unverifiedAccessToken(credentials.token, callerHint) === undefined) return undefined
        const token = tokenParameter(event)
        if (token.length > MAX_AUTHORIZATION_HEADER_LENGTH) return undefined
        return { sub: unverifiedSubject(token, tokenHint) }
      } catch {
        return undefined
      }
    }
    handler.use(sendReadAhead({ readAhead, peek, yieldAfterSending: false }))
  }
  return handler.handler(introspect)
}

/**
 * The `token` parameter of the form body (RFC 7662 section 2.1). A request
 * that is not a form, or carries no or several `token` parameters, is
 * malformed; the token's own content is never a reason for an error.
 */
function tokenParameter(event: APIGatewayProxyEventV2): string {
  const form = readFormBody(event)
  if (form === undefined) {
    throw new InvalidRequest('send the token in an application/x-www-form-urlencoded body')
  }
  const tokens = form.parameters.getAll('token')
  if (tokens.length !== 1) throw new InvalidRequest('send exactly one token parameter')
  return tokens[0] as string
}
