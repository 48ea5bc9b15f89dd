import { decodeJwt, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose'
import { untilAborted } from '../core/index.js'
import { InvalidToken, OAuthError, TemporarilyUnavailable } from './oauth-errors.js'

/** A verified Cognito access token, reduced to what the userinfo endpoint needs. */
export interface VerifiedAccessToken {
  readonly sub: string
  readonly clientId: string
  /** The `scope` claim, split on spaces. */
  readonly scopes: readonly string[]
  /** Every claim of the token, for the profile service's subject. */
  readonly payload: Readonly<JWTPayload>
}

export interface AccessTokenVerifierOptions {
  /** Where the signing keys come from, e.g. jose's `createRemoteJWKSet`. */
  readonly keySet: JWTVerifyGetKey
  readonly issuer: string
  readonly clockToleranceSeconds: number
  /** When set, the token's `client_id` must be one of these. */
  readonly allowedClientIds?: ReadonlySet<string> | undefined
  /**
   * How long a failure to load the key set is remembered (default
   * `KEY_SET_RETRY_AFTER_MS`): meanwhile every token is answered
   * `TemporarilyUnavailable` at once, without asking the key set again.
   */
  readonly keySetRetryAfterMs?: number | undefined
  /** The clock for `keySetRetryAfterMs`; default `performance.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * How long a failed key-set fetch is remembered: a JWKS answering 500 or
 * unreachable is asked at most once per 5 s per container, not once per
 * request.
 */
export const KEY_SET_RETRY_AFTER_MS = 5_000

/**
 * Verifies one access token; rejects with an `OAuthError`. With `signal`
 * (the invocation's deadline), a key set still loading when it aborts is
 * given up: `TemporarilyUnavailable` then, instead of waiting for the fetch.
 */
export type AccessTokenVerifier = (
  token: string,
  signal?: AbortSignal,
) => Promise<VerifiedAccessToken>

const ALGORITHMS = ['RS256']

/** Key-set failures that say something about the token, not about the key set. */
const TOKEN_KEY_ERRORS: ReadonlySet<string> = new Set([
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
])

/**
 * Creates the access-token check of the userinfo endpoint: an RS256 JWS from
 * the key set, `iss` exactly the issuer, `exp` present and, with `nbf`, within
 * the clock tolerance, `token_use` "access" (Cognito's mark of an access
 * token; an ID token verifies with the same keys), one string `sub`, a
 * string `client_id` (in the allow-list when there is one) and a string
 * `scope`. A bad token rejects with `InvalidToken`; a key set that cannot be
 * fetched, or not before `signal` aborts, with `TemporarilyUnavailable`,
 * since a retry may succeed; a failed fetch is remembered for
 * `keySetRetryAfterMs` so the key set is not asked again on every request.
 *
 * @example
 * const verify = createAccessTokenVerifier({ keySet: createRemoteJWKSet(jwksUrl), issuer, clockToleranceSeconds: 5 })
 * const { sub, scopes } = await verify(token, deadlineSignal)
 */
export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const retryAfterMs = options.keySetRetryAfterMs ?? KEY_SET_RETRY_AFTER_MS
  const now = options.now ?? (() => performance.now())
  // The last failure to load the keys, while it is remembered. Concurrent
  // requests share jose's one fetch in flight; later ones share this.
  let failure: { at: number; cause: unknown } | undefined
  const keySet: JWTVerifyGetKey = async (header, token) => {
    if (failure !== undefined && now() - failure.at < retryAfterMs) {
      throw new TemporarilyUnavailable('the signing keys could not be loaded recently', {
        cause: failure.cause,
      })
    }
    try {
      const key = await options.keySet(header, token)
      failure = undefined
      return key
    } catch (error) {
      if (error instanceof errors.JOSEError && TOKEN_KEY_ERRORS.has(error.code)) throw error
      failure = { at: now(), cause: error }
      throw new TemporarilyUnavailable('the signing keys could not be loaded', { cause: error })
    }
  }

  return async (token, signal) => {
    let payload: JWTPayload
    try {
      const verifying = jwtVerify(token, keySet, {
        algorithms: ALGORITHMS,
        issuer: options.issuer,
        clockTolerance: options.clockToleranceSeconds,
        requiredClaims: ['exp'],
      })
      // The key set may have to be fetched: bounded by the invocation's deadline, as the store is.
      const verified = await (signal === undefined
        ? verifying
        : untilAborted(verifying, signal, keysTooLate))
      payload = verified.payload
    } catch (error) {
      if (error instanceof OAuthError) throw error
      if (error instanceof errors.JOSEError) throw rejection(error)
      throw error
    }

    const read = readAccessTokenClaims(payload, options)
    if (!read.ok) throw new InvalidToken(read.problem)
    return { ...read.claims, payload }
  }
}

/** The claims an access token is read for, or what makes it no access token we accept. */
export type AccessTokenClaims =
  | { readonly ok: true; readonly claims: Omit<VerifiedAccessToken, 'payload'> }
  | { readonly ok: false; readonly problem: string }

/**
 * The claim checks every access token passes besides its signature and jose's
 * `iss`, `exp` and `nbf` checks: `token_use` "access" (Cognito's mark of an
 * access token; an ID token verifies with the same keys), one string `sub`, a
 * string `client_id` (in the allow-list when there is one) and a string
 * `scope`, when present. The verifier and `unverifiedSubject` both read a
 * payload through it, so the hint can never accept what the verifier refuses.
 *
 * @example
 * readAccessTokenClaims({ token_use: 'access', sub: 'u', client_id: 'c', scope: 'openid' }, {})
 * // { ok: true, claims: { sub: 'u', clientId: 'c', scopes: ['openid'] } }
 */
export function readAccessTokenClaims(
  payload: Readonly<JWTPayload>,
  options: Pick<AccessTokenVerifierOptions, 'allowedClientIds'>,
): AccessTokenClaims {
  if (payload.token_use !== 'access')
    return { ok: false, problem: 'the token is not an access token' }
  const { sub, client_id: clientId, scope } = payload
  if (typeof sub !== 'string' || sub === '') {
    return { ok: false, problem: 'the access token must carry one string sub' }
  }
  if (typeof clientId !== 'string' || clientId === '') {
    return { ok: false, problem: 'the access token carries no client_id' }
  }
  if (options.allowedClientIds && !options.allowedClientIds.has(clientId)) {
    return {
      ok: false,
      problem: 'the access token was issued to a client this endpoint does not serve',
    }
  }
  if (scope !== undefined && typeof scope !== 'string') {
    return { ok: false, problem: 'the scope of the access token is not a string' }
  }
  const scopes = (scope ?? '').split(' ').filter((each) => each !== '')
  return { ok: true, claims: { sub, clientId, scopes } }
}

/** What `unverifiedAccessToken` and `unverifiedSubject` check besides the verifier's options. */
export interface UnverifiedTokenOptions extends Omit<AccessTokenVerifierOptions, 'keySet'> {
  /** A scope the token must carry, as the endpoint would require it (userinfo's `openid`). */
  readonly requiredScope?: string | undefined
}

/**
 * The claims of a token that, read without checking the signature, would
 * pass every check `createAccessTokenVerifier` makes after it (and
 * `requiredScope`); otherwise `undefined`. A hint, never a verdict: nothing
 * done for it may be used unless the token then verifies.
 *
 * @example
 * const caller = unverifiedAccessToken(bearer, { issuer, clockToleranceSeconds: 5, requiredScope: 'claimsmith/introspect' })
 */
export function unverifiedAccessToken(
  token: string,
  options: UnverifiedTokenOptions,
  nowSeconds = Date.now() / 1000,
): Readonly<JWTPayload> | undefined {
  let payload: JWTPayload
  try {
    payload = decodeJwt(token)
  } catch {
    return undefined
  }
  // What jwtVerify checks besides the signature, for the verified path; the rest is shared.
  const { exp } = payload
  if (
    payload.iss !== options.issuer ||
    typeof exp !== 'number' ||
    exp + options.clockToleranceSeconds <= nowSeconds
  ) {
    return undefined
  }
  const read = readAccessTokenClaims(payload, options)
  if (!read.ok) return undefined
  const { requiredScope } = options
  return requiredScope === undefined || read.claims.scopes.includes(requiredScope)
    ? payload
    : undefined
}

/**
 * Whether a token's claims are those of a client-credentials grant: Cognito
 * makes its `sub` the app client id and gives it no `username`. There is no
 * user behind it to read.
 *
 * @example
 * isClientCredentialsToken({ sub: 'orders-api', client_id: 'orders-api' }) // true
 */
export function isClientCredentialsToken(payload: Readonly<JWTPayload>): boolean {
  return payload.username === undefined && payload.sub === payload.client_id
}

/**
 * The `sub` of a user's token that `unverifiedAccessToken` accepts, for the
 * user's read to go out while the signature is checked; `undefined` for any
 * other token, and for a client-credentials token, which names no user.
 *
 * @example
 * const sub = unverifiedSubject(token, { issuer, clockToleranceSeconds: 5, requiredScope: 'openid' })
 * if (sub !== undefined) readAhead({ sub }, signal)
 * const verified = await verify(token)
 */
export function unverifiedSubject(
  token: string,
  options: UnverifiedTokenOptions,
  nowSeconds = Date.now() / 1000,
): string | undefined {
  const payload = unverifiedAccessToken(token, options, nowSeconds)
  return payload === undefined || isClientCredentialsToken(payload)
    ? undefined
    : (payload.sub as string)
}

/** What a verification abandoned at the deadline answers: the keys were still loading. */
function keysTooLate(cause: unknown): Error {
  return cause instanceof OAuthError
    ? cause
    : new TemporarilyUnavailable('the deadline passed before the signing keys were loaded', {
        cause,
      })
}

/**
 * Descriptions name the check that failed, never a claim's value. jose's own
 * error carries the whole claims set, so it is not kept as the cause.
 */
function rejection(error: errors.JOSEError): InvalidToken {
  const reason = { cause: { code: error.code } }
  switch (error.code) {
    case errors.JWTExpired.code:
      return new InvalidToken('the access token has expired', reason)
    case errors.JOSEAlgNotAllowed.code:
      return new InvalidToken('the access token is not signed with RS256', reason)
    case errors.JWSSignatureVerificationFailed.code:
      return new InvalidToken('the access token signature is invalid', reason)
    case errors.JWKSNoMatchingKey.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return new InvalidToken('the access token is signed with an unknown key', reason)
    case errors.JWTClaimValidationFailed.code: {
      const claim = (error as errors.JWTClaimValidationFailed).claim
      const description =
        claim === 'nbf'
          ? 'the access token is not yet valid'
          : claim === 'iss'
            ? 'the access token was issued by another issuer'
            : `the access token failed its ${claim} check`
      return new InvalidToken(description, { cause: { code: error.code, claim } })
    }
    default:
      return new InvalidToken('the access token is not a valid JWT', reason)
  }
}
