import {
  CLIENT_CREDENTIALS_TRIGGER_SOURCE,
  type PreTokenGenerationVersion,
  preTokenGenerationRequest,
  TRIGGER_SETTINGS_DEFAULTS,
  type TriggerSettings,
} from '../cognito/index.js'
import {
  type Claim,
  type ClaimsConfiguration,
  type ClaimsPipelineRequest,
  type ClaimsPipelineResult,
  type ClaimDecision as CoreDecision,
  type ClaimDecisionReason as CoreDecisionReason,
  DefaultProfileService,
  effectiveIdentityResources,
  type IssuedToken,
  type JsonValue,
  type ProfileDataCaller,
  ProfileDataCallers,
  ProfileIsActiveCallers,
  requestedClaimTypes,
  runClaimsPipeline,
  type StoredUser,
  staticConfigurationSource,
  USERINFO_POLICY,
  userInfoResponse,
} from '../core/index.js'
import type { InvalidStoredClaim } from '../dynamodb/index.js'
import {
  INTROSPECTION_MEMBERS,
  type IntrospectionInactiveReason,
  introspectClaims,
} from '../introspection/index.js'

/**
 * Why a claim was emitted or dropped: the pipeline's reasons, a stored claim
 * the reader dropped, and a claim the introspection answer's own RFC 7662
 * member of the same name takes the place of.
 */
export type ClaimDecisionReason = CoreDecisionReason | 'unreadable' | 'introspection-member'

/** The introspection endpoint, which `explain` shows next to the profile service's callers. */
export const INTROSPECTION_CALLER = 'IntrospectionEndpoint'

/** What `explainClaims` can explain: a token, the userinfo answer, or the introspection answer. */
export type ExplainedCaller = ProfileDataCaller | typeof INTROSPECTION_CALLER

/** A resource that asks for a claim type. */
export interface RequestingResource {
  readonly kind: 'identityResource' | 'apiScope' | 'apiResource'
  readonly name: string
  /** The scopes that select it. */
  readonly scopes: readonly string[]
  /** Which callers it feeds. */
  readonly feeds: 'identity token and userinfo' | 'access token'
}

/** What happened to one claim the profile service considered. */
export interface ClaimDecision {
  /** A stored claim of the user, a claim of the subject (Cognito attributes), or a client claim. */
  readonly source: 'stored' | 'subject' | 'client' | 'profile'
  /** The type as emitted (a client claim's with its prefix). */
  readonly type: string
  /** `undefined` for an unreadable stored claim. */
  readonly value: string | undefined
  readonly valueType?: string | undefined
  readonly emitted: boolean
  readonly reason: ClaimDecisionReason
  /** The reason in words. */
  readonly detail: string
  /** The value as emitted, typed, when emitted. */
  readonly emittedValue?: JsonValue
  /** The resources that ask for this type (for `requested` and `not-requested`). */
  readonly requestedBy?: readonly RequestingResource[]
}

/** What `explainClaims` needs: what the table (or a file) holds and the request to explain. */
export interface ExplainClaimsInput {
  readonly configuration: ClaimsConfiguration
  /** The user's sub; absent for the client-credentials flow (no user, access token only). */
  readonly sub?: string | undefined
  /** The user's stored record; absent when the user has none. */
  readonly user?: StoredUser | undefined
  /** Claims of the subject as Cognito knows it (user attributes); default none. */
  readonly subjectClaims?: readonly Claim[] | undefined
  readonly clientId: string
  /** The requested scopes; absent: the client's allowedScopes, as Cognito does for sign-ins without scopes. */
  readonly scopes?: readonly string[] | undefined
  readonly caller: ExplainedCaller
  /** The pre-token-generation event version whose token rules apply; default `'2'`. */
  readonly version?: PreTokenGenerationVersion | undefined
  /** The triggers' settings; default `TRIGGER_SETTINGS_DEFAULTS`. */
  readonly settings?: TriggerSettings | undefined
  /** Stored claims the reader dropped as malformed, to list them too. */
  readonly unreadableClaims?: readonly InvalidStoredClaim[] | undefined
}

/** The claims a request would be issued, and why each considered claim was or was not. */
export interface ClaimsExplanation {
  readonly caller: ExplainedCaller
  readonly clientId: string
  /** Whether the client is configured; an unknown client gets the defaults. */
  readonly clientConfigured: boolean
  readonly sub: string | undefined
  readonly userFound: boolean
  /** Whether the user may obtain tokens (no user: true). */
  readonly active: boolean
  readonly scopes: {
    readonly requested: readonly string[]
    /** Those the client may request. */
    readonly honoured: readonly string[]
    /** Those outside the client's allowedScopes. */
    readonly ignored: readonly string[]
  }
  readonly resources: {
    readonly identityResources: readonly string[]
    readonly apiScopes: readonly string[]
    readonly apiResources: readonly string[]
  }
  readonly requestedClaimTypes: readonly string[]
  /** The claims as the token or userinfo answer carries them, typed. */
  readonly claims: Readonly<Record<string, JsonValue>>
  readonly decisions: readonly ClaimDecision[]
  /** Things to know about the request as a whole (inactive user, unknown client, …). */
  readonly notes: readonly string[]
}

function requestingResources(
  configuration: ClaimsConfiguration,
  type: string,
): RequestingResource[] {
  const asking = <R extends { readonly userClaims: readonly string[] }>(resources: readonly R[]) =>
    resources.filter((resource) => resource.userClaims.includes(type))
  // An identity resource and an API scope are requested by their own name.
  return [
    ...asking(effectiveIdentityResources(configuration)).map(
      ({ name }): RequestingResource => ({
        kind: 'identityResource',
        name,
        scopes: [name],
        feeds: 'identity token and userinfo',
      }),
    ),
    ...asking(configuration.apiScopes).map(
      ({ name }): RequestingResource => ({
        kind: 'apiScope',
        name,
        scopes: [name],
        feeds: 'access token',
      }),
    ),
    ...asking(configuration.apiResources).map(
      ({ name, scopes }): RequestingResource => ({
        kind: 'apiResource',
        name,
        scopes,
        feeds: 'access token',
      }),
    ),
  ]
}

const KIND_WORDS = {
  identityResource: 'identity resource',
  apiScope: 'API scope',
  apiResource: 'API resource',
} as const

function resourceText(resource: RequestingResource): string {
  const scopes = resource.kind === 'apiResource' ? ` (scope ${resource.scopes.join(' or ')})` : ''
  return `${KIND_WORDS[resource.kind]} ${resource.name}${scopes}`
}

function notRequestedDetail(
  resources: readonly RequestingResource[],
  caller: ProfileDataCaller,
  ignored: ReadonlySet<string>,
): string {
  if (resources.length === 0) {
    return 'not requested: no identity resource, API scope or API resource asks for it'
  }
  const forAccess = caller === ProfileDataCallers.ClaimsProviderAccessToken
  const feedsCaller = resources.filter((r) => (r.feeds === 'access token') === forAccess)
  if (feedsCaller.length === 0) {
    const feeds = resources[0]?.feeds ?? ''
    return `not requested: only ${resources.map(resourceText).join(', ')} ask${resources.length === 1 ? 's' : ''} for it, for the ${feeds}`
  }
  const blocked = feedsCaller.filter((r) => r.scopes.some((scope) => ignored.has(scope)))
  if (blocked.length > 0) {
    return `not requested: ${blocked.map(resourceText).join(', ')} would request it, but the client may not request its scope (allowedScopes)`
  }
  return `not requested: scope ${feedsCaller.flatMap((r) => r.scopes).join(' or ')} would request it (${feedsCaller.map(resourceText).join(', ')})`
}

const SHAPING_WORDS: Readonly<Record<string, string>> = {
  'already-in-id-token': 'Cognito already writes this value into the ID token; not sent again',
  'not-a-boolean': 'Cognito types it as a boolean in the ID token, and the value is not one',
  'not-an-integer': 'Cognito types it as an integer in the ID token, and the value is not one',
  'no-value': 'no value to put in the ID token',
  'strings-only-event':
    'version 1 events take strings only, which would downgrade the type Cognito gives it',
  'reduced-to-first-value': 'the ID token carries only the first value of this type',
}

const UNSAFE_TYPE_DETAILS: Readonly<Record<string, string>> = {
  'control-character': 'type contains a control character',
  'format-character': 'type contains an invisible Unicode format character',
  whitespace: 'type contains white space',
}

/** The reason in words, for every reason but `not-requested` and `requested`. */
const DETAILS: Readonly<Record<CoreDecisionReason, (decision: CoreDecision) => string>> = {
  requested: () => 'requested',
  'not-requested': () => 'not requested',
  'invalid-value-as-text': (d) =>
    `invalid value: does not parse as ${d.claim.valueType} (${d.problem}): userinfo sends it as text`,
  'no-user': () => 'client claim: a client-credentials token (no user)',
  'always-send': () => 'client claim: the client sets alwaysSendClientClaims: true',
  protocol: () => 'protocol claim: only the token issuer sets it',
  reserved: () => 'reserved by Cognito: no trigger may add or change it',
  'unsafe-type': (d) => UNSAFE_TYPE_DETAILS[d.problem ?? ''] ?? 'type has an unsafe character',
  'invalid-value': (d) =>
    `invalid value: does not parse as ${d.claim.valueType} (${d.problem}): left out of the token`,
  duplicate: () => 'duplicate: an earlier claim has the same type, value and value type; sent once',
  'stored-wins': () =>
    "stored claim wins: the user's stored claims have this type, and the store wins over the user's own attributes",
  'user-without-always-send': () =>
    'client claim: only in client-credentials tokens, unless the client sets alwaysSendClientClaims: true',
  'not-an-access-token': () => 'client claim: client claims go into access tokens only',
  'id-token-without-user-claims': () =>
    "kept out of the ID token: the client sets alwaysIncludeUserClaimsInIdToken: false; userinfo serves the user's claims",
  'shaped-out': (d) =>
    `left out by the ID token's rules: ${SHAPING_WORDS[d.problem ?? ''] ?? d.problem}`,
}

/**
 * Explains the claims one request would get by running the claims pipeline
 * itself (`runClaimsPipeline`), with the request the trigger builds
 * (`preTokenGenerationRequest`, for `version`), the userinfo policy, or for
 * `INTROSPECTION_CALLER` through `introspectClaims` as the introspection
 * endpoint runs it (for a caller whose scopes name every API resource), over
 * the default profile service and the given user. The claims shown are what
 * the token or the answer carries, by construction (an introspection answer's
 * RFC 7662 members aside). Every claim considered (stored, subject, client)
 * gets the decision the pipeline recorded, in words: not requested (and what
 * would request it), protocol or reserved, an invalid value, a duplicate, the
 * stored claim winning over the subject's, the client claim rules, the
 * client keeping user claims out of the ID token, or the ID token's own
 * rules.
 *
 * @example
 * const explanation = await explainClaims({ configuration, user, sub: user.sub, clientId: 'web', scopes: ['openid', 'tenant'], caller: ProfileDataCallers.ClaimsProviderIdentityToken })
 * explanation.claims // { tenant_id: 42 }
 */
export async function explainClaims(input: ExplainClaimsInput): Promise<ClaimsExplanation> {
  const { configuration, caller, clientId } = input
  const sub = input.sub ?? input.user?.sub
  if (input.user !== undefined && input.user.sub !== sub) {
    throw new TypeError('explainClaims: user.sub must equal sub')
  }
  const introspection = caller === INTROSPECTION_CALLER
  // The introspection answer's claims are the access token's, as it would be issued now.
  const profileCaller = introspection ? ProfileDataCallers.ClaimsProviderAccessToken : caller
  if (sub === undefined && profileCaller !== ProfileDataCallers.ClaimsProviderAccessToken) {
    throw new TypeError(
      'explainClaims: without a user (client credentials) only access tokens are issued',
    )
  }
  const version = sub === undefined ? '3' : (input.version ?? '2')
  if (version === '1' && caller === ProfileDataCallers.ClaimsProviderAccessToken) {
    throw new TypeError('explainClaims: version 1 events shape the ID token only')
  }
  const userinfo = caller === ProfileDataCallers.UserInfoEndpoint
  const subjectClaims = input.subjectClaims ?? []
  const subject = sub === undefined ? undefined : { sub, claims: subjectClaims }
  const ports = {
    profileService: new DefaultProfileService({ findUser: async () => input.user }),
    configurationSource: staticConfigurationSource(configuration),
  }
  if (introspection) {
    // A caller whose scopes name every API resource: the narrowing to what it may see is the endpoint's.
    const introspected = await introspectClaims({
      ...ports,
      clientId,
      subject,
      scopes: input.scopes,
      callerScopes: configuration.apiResources.flatMap((resource) => resource.scopes),
      explain: true,
    })
    if (introspected.result === undefined || introspected.issued === undefined) {
      return nothingToIntrospect(input, sub)
    }
    return describeResult(
      input,
      sub,
      introspected.result,
      introspected.issued,
      introspected.inactiveBecause,
    )
  }
  const request: ClaimsPipelineRequest = userinfo
    ? {
        ...ports,
        clientId,
        subject,
        scopes: input.scopes,
        isActiveCaller: ProfileIsActiveCallers.UserInfoRequestValidation,
        tokens: [USERINFO_POLICY],
        explain: true,
      }
    : preTokenGenerationRequest(
        {
          triggerSource:
            subject === undefined
              ? CLIENT_CREDENTIALS_TRIGGER_SOURCE
              : 'TokenGeneration_HostedAuth',
          version,
          clientId,
          scopes: input.scopes,
        },
        subject,
        { ...ports, settings: input.settings ?? TRIGGER_SETTINGS_DEFAULTS },
        undefined,
        true,
      )
  const result = await runClaimsPipeline(request)
  const issued = result.tokens.find((token) => token.policy.caller === caller)
  if (issued === undefined) throw new TypeError(`explainClaims: no ${caller} for this request`)
  return describeResult(input, sub, result, issued)
}

/** The explanation of one pipeline result, for the token or answer `issued`. */
function describeResult(
  input: ExplainClaimsInput,
  sub: string | undefined,
  result: ClaimsPipelineResult,
  issued: IssuedToken,
  introspectionInactive?: IntrospectionInactiveReason,
): ClaimsExplanation {
  const { configuration, caller, clientId } = input
  const introspection = caller === INTROSPECTION_CALLER
  const userinfo = caller === ProfileDataCallers.UserInfoEndpoint
  const profileCaller = issued.policy.caller
  const subjectClaims = input.subjectClaims ?? []
  const { resolved, active } = result
  const asked = [...result.scopes]
  const honoured = new Set(resolved.scopes)
  const ignored = new Set(asked.filter((scope) => !honoured.has(scope)))
  const requested = [...requestedClaimTypes(resolved, profileCaller)]
  const claims = userinfo && sub !== undefined ? userInfoResponse(result, sub) : issued.claims
  const shown = introspection ? withoutIntrospectionMembers(claims) : claims

  const matched = new Set<string>([
    ...resolved.identityResources.map((r) => `identityResource:${r.name}`),
    ...resolved.apiScopes.map((r) => `apiScope:${r.name}`),
    ...resolved.apiResources.map((r) => `apiResource:${r.name}`),
  ])
  const forAccess = profileCaller === ProfileDataCallers.ClaimsProviderAccessToken
  const describe = (decision: CoreDecision): ClaimDecision => {
    const { claim } = decision
    if (introspection && decision.emitted && INTROSPECTION_MEMBERS.has(claim.type)) {
      return {
        source: decision.origin,
        type: claim.type,
        value: claim.value,
        valueType: claim.valueType,
        emitted: false,
        reason: 'introspection-member',
        detail: `left out of the introspection answer: its own RFC 7662 member ${claim.type} comes from the token`,
      }
    }
    const common = {
      source: decision.origin,
      type: claim.type,
      value: claim.value,
      valueType: claim.valueType,
      emitted: decision.emitted,
      reason: decision.reason,
    }
    if (decision.reason === 'requested') {
      const forCaller = requestingResources(configuration, claim.type).filter(
        (r) => matched.has(`${r.kind}:${r.name}`) && (r.feeds === 'access token') === forAccess,
      )
      return {
        ...common,
        detail: `requested by ${forCaller.map(resourceText).join(', ')}`,
        emittedValue: decision.value,
        requestedBy: forCaller,
      }
    }
    if (decision.reason === 'not-requested') {
      const all = requestingResources(configuration, claim.type)
      return {
        ...common,
        detail: notRequestedDetail(all, profileCaller, ignored),
        requestedBy: all,
      }
    }
    return {
      ...common,
      detail: DETAILS[decision.reason](decision),
      ...(decision.emitted ? { emittedValue: decision.value } : {}),
    }
  }

  const byClaim = new Map<Claim, CoreDecision>()
  for (const decision of issued.decisions) byClaim.set(decision.claim, decision)
  const decisions: ClaimDecision[] = []
  const listed = new Set<Claim>()
  for (const claim of [...(input.user?.claims ?? []), ...subjectClaims]) {
    const decision = byClaim.get(claim)
    if (decision === undefined) continue
    listed.add(claim)
    decisions.push(describe(decision))
  }
  for (const unreadable of input.unreadableClaims ?? []) {
    decisions.push({
      source: 'stored',
      type: unreadable.claimType ?? `(claim ${unreadable.index + 1})`,
      value: undefined,
      emitted: false,
      reason: 'unreadable',
      detail: `unreadable stored claim: ${unreadable.reason}`,
    })
  }
  for (const decision of issued.decisions) {
    if (!listed.has(decision.claim)) decisions.push(describe(decision))
  }

  const notes: string[] = []
  if (!configuration.clients.has(clientId)) {
    notes.push(
      `client ${clientId} is not configured: it gets the defaults (no client claims, any scope)`,
    )
  }
  if (sub !== undefined && input.user === undefined) {
    notes.push(
      `user ${sub} has no record in the table: no stored claims; active unless the functions require a profile`,
    )
  }
  if (!active) {
    notes.push(
      userinfo
        ? 'the user is inactive: userinfo answers 401 invalid_token; shown is what an active user would get'
        : introspection
          ? 'the user is inactive: introspection answers {"active": false}; shown is what an active user would get'
          : 'the user is inactive: Cognito refuses the sign-in or refresh; shown is what an active user would get',
    )
  }
  if (introspection) notes.push(...introspectionNotes(introspectionInactive))
  if (ignored.size > 0) {
    notes.push(`ignored scopes, outside the client's allowedScopes: ${[...ignored].join(' ')}`)
  }
  if (input.scopes === undefined) {
    notes.push("no scopes given: the client's allowedScopes apply, as for sign-ins that carry none")
  }
  if (userinfo && !asked.includes('openid')) {
    notes.push('userinfo refuses an access token without the openid scope (403 insufficient_scope)')
  }
  if (issued.overBudget) {
    notes.push(
      `the claims add ${issued.bytes} bytes to the token, over the budget of ${issued.policy.sizeBudgetBytes} (TOKEN_SIZE_BUDGET_BYTES)`,
    )
  }

  return {
    caller,
    clientId,
    clientConfigured: configuration.clients.has(clientId),
    sub,
    userFound: input.user !== undefined,
    active,
    scopes: { requested: asked, honoured: resolved.scopes, ignored: [...ignored] },
    resources: {
      identityResources: resolved.identityResources.map((r) => r.name),
      apiScopes: resolved.apiScopes.map((r) => r.name),
      apiResources: resolved.apiResources.map((r) => r.name),
    },
    requestedClaimTypes: requested,
    claims: shown,
    decisions,
    notes,
  }
}

function withoutIntrospectionMembers(
  claims: Readonly<Record<string, JsonValue>>,
): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = Object.create(null)
  for (const [type, value] of Object.entries(claims)) {
    if (!INTROSPECTION_MEMBERS.has(type)) out[type] = value
  }
  return out
}

/** What an introspection explanation leaves to the token and the caller. */
function introspectionNotes(inactive: IntrospectionInactiveReason | undefined): string[] {
  const notes = [
    `the answer also carries the RFC 7662 members, taken from the token itself: ${[...INTROSPECTION_MEMBERS].filter((member) => member !== 'aud').join(', ')}`,
    "shown for a caller whose scopes name every API resource: a caller sees only the claims of the API resources its own token's scopes name",
  ]
  if (inactive === 'no-shared-api-resource') {
    notes.push('the token\'s scopes name no API resource: introspection answers {"active": false}')
  }
  return notes
}

/** The explanation when no API resource has a scope: no token is active to any caller. */
function nothingToIntrospect(
  input: ExplainClaimsInput,
  sub: string | undefined,
): ClaimsExplanation {
  const requested = [...(input.scopes ?? [])]
  return {
    caller: input.caller,
    clientId: input.clientId,
    clientConfigured: input.configuration.clients.has(input.clientId),
    sub,
    userFound: input.user !== undefined,
    active: true,
    scopes: { requested, honoured: [], ignored: [] },
    resources: { identityResources: [], apiScopes: [], apiResources: [] },
    requestedClaimTypes: [],
    claims: {},
    decisions: [],
    notes: [
      'no API resource has a scope: introspection answers {"active": false} for every token, to every caller',
    ],
  }
}
