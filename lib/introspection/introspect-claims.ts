import {
  type ClaimsConfigurationSource,
  type ClaimsPipelineResult,
  type IssuedToken,
  ProfileDataCallers,
  ProfileIsActiveCallers,
  type ProfileService,
  runClaimsPipeline,
  type Subject,
  type TokenPolicy,
} from '../core/index.js'

/**
 * The claims an introspection answer carries: those the access token would
 * carry now, fresh from the store; a value that does not parse is left out.
 */
export const INTROSPECTION_POLICY: TokenPolicy = Object.freeze({
  caller: ProfileDataCallers.ClaimsProviderAccessToken,
  onInvalidValue: 'omit',
})

const INTROSPECTION_TOKENS: readonly TokenPolicy[] = Object.freeze([INTROSPECTION_POLICY])

/** Why an access token is not active to a caller, though it verifies. */
export type IntrospectionInactiveReason =
  /** The caller's scopes name no API resource (RFC 7662 section 4). */
  | 'caller-sees-no-api-resource'
  /** The profile service finds the user inactive, or signed out since the token was issued. */
  | 'user-inactive'
  /** The token's scopes name no API resource the caller's scopes name. */
  | 'no-shared-api-resource'

/** One introspection, as the endpoint runs it and `claimsmith explain` and `claimsmith test` show it. */
export interface IntrospectClaimsRequest {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  /** The introspected token's client. */
  readonly clientId: string
  /** The introspected token's user; absent for a client-credentials token. */
  readonly subject: Subject | undefined
  /** The introspected token's scopes; absent (`claimsmith explain` without scopes), the client's allowedScopes. */
  readonly scopes: readonly string[] | undefined
  /** The scopes of the caller's own access token. */
  readonly callerScopes: readonly string[]
  readonly signal?: AbortSignal | undefined
  /** Decisions for every candidate claim, and the claims of an inactive user as if active. */
  readonly explain?: boolean | undefined
}

/** What an introspection found: the claims of an active token, or why it is not active. */
export interface IntrospectedClaims {
  /** `undefined` when the token is active to the caller. */
  readonly inactiveBecause: IntrospectionInactiveReason | undefined
  /** The names of the API resources both the caller's scopes and the token may name. */
  readonly visibleApiResources: readonly string[]
  /** The pipeline's result; absent when the caller sees no API resource, so nothing ran. */
  readonly result: ClaimsPipelineResult | undefined
  /** The claims as the answer carries them, with their decisions under `explain`. */
  readonly issued: IssuedToken | undefined
}

/**
 * Runs the claims pipeline for one introspected access token, as the access
 * token would be issued now: the user asked about with caller
 * AccessTokenValidation (which refuses a token issued before the user's
 * sign-out), and the token's API resources narrowed, as resource indicators,
 * to those the caller's own scopes name (RFC 7662 section 4), so a caller sees
 * claims only of resources it serves. The endpoint, `claimsmith explain
 * --caller introspection` and `claimsmith test` all introspect through here.
 *
 * @example
 * const { inactiveBecause, issued } = await introspectClaims({ profileService, configurationSource, clientId, subject, scopes: token.scopes, callerScopes: caller.scopes, signal })
 */
export async function introspectClaims(
  request: IntrospectClaimsRequest,
): Promise<IntrospectedClaims> {
  const { configurationSource, signal } = request
  const resources = await configurationSource.loadResources(signal)
  const callerScopes = new Set(request.callerScopes)
  const visibleApiResources = resources.apiResources
    .filter((resource) => resource.scopes.some((scope) => callerScopes.has(scope)))
    .map((resource) => resource.name)
  // No resource indicator would mean no narrowing: a caller that sees nothing gets nothing.
  if (visibleApiResources.length === 0) {
    return {
      inactiveBecause: 'caller-sees-no-api-resource',
      visibleApiResources,
      result: undefined,
      issued: undefined,
    }
  }
  const result = await runClaimsPipeline({
    profileService: request.profileService,
    configurationSource,
    clientId: request.clientId,
    subject: request.subject,
    scopes: request.scopes,
    resourceIndicators: visibleApiResources,
    isActiveCaller: ProfileIsActiveCallers.AccessTokenValidation,
    tokens: INTROSPECTION_TOKENS,
    signal,
    explain: request.explain,
  })
  const issued = result.tokens.find((each) => each.policy === INTROSPECTION_POLICY)
  const inactiveBecause =
    result.resolved.apiResources.length === 0
      ? 'no-shared-api-resource'
      : !result.active
        ? 'user-inactive'
        : undefined
  return { inactiveBecause, visibleApiResources, result, issued }
}
