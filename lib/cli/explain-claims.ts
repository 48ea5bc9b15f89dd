import { requestedScopes } from '../cognito/index.js'
import {
  type Claim,
  type ClaimsConfiguration,
  type ClaimsStore,
  checkIsActive,
  claimTypeRestriction,
  claimValueKind,
  clientClaims,
  clientFor,
  DefaultProfileService,
  effectiveIdentityResources,
  issueClaims,
  type JsonValue,
  type ProfileDataCaller,
  ProfileDataCallers,
  ProfileIsActiveCallers,
  parseClaimValue,
  requestedClaimTypes,
  resolveRequestedResources,
  type StoredUser,
  serializeClaims,
} from '../core/index.js'
import type { InvalidStoredClaim } from '../dynamodb/index.js'

/** Why a claim was emitted or dropped. */
export type ClaimDecisionReason =
  /** Emitted: a requested resource asks for its type. */
  | 'requested'
  /** Dropped: no resource the request matched asks for its type. */
  | 'not-requested'
  /** Dropped: a protocol claim (sub, aud, …) only the token issuer sets. */
  | 'protocol'
  /** Dropped: Cognito lets no trigger add or change it. */
  | 'reserved'
  /** Dropped: the type has a control, format or white-space character. */
  | 'unsafe-type'
  /** Dropped from a token: the value does not parse as its value type. */
  | 'invalid-value'
  /** Emitted as text (userinfo): the value does not parse as its value type. */
  | 'invalid-value-as-text'
  /** Not emitted again: an earlier claim has the same type, value and value type. */
  | 'duplicate'
  /** Dropped subject claim: the user's stored claims have this type, and the store wins. */
  | 'stored-wins'
  /** Client claim emitted: client-credentials flow, no user. */
  | 'no-user'
  /** Client claim emitted into a user's access token: `alwaysSendClientClaims` is true. */
  | 'always-send'
  /** Client claim dropped: a user's token and `alwaysSendClientClaims` is false. */
  | 'user-without-always-send'
  /** Client claim dropped: client claims go into access tokens only. */
  | 'not-an-access-token'
  /** Dropped when read: the stored claim is malformed. */
  | 'unreadable'

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
  readonly source: 'stored' | 'subject' | 'client'
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
  readonly caller: ProfileDataCaller
  /** Stored claims the reader dropped as malformed, to list them too. */
  readonly unreadableClaims?: readonly InvalidStoredClaim[] | undefined
}

/** The claims a request would be issued, and why each considered claim was or was not. */
export interface ClaimsExplanation {
  readonly caller: ProfileDataCaller
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
  const found: RequestingResource[] = []
  for (const resource of effectiveIdentityResources(configuration)) {
    if (resource.userClaims.includes(type)) {
      found.push({
        kind: 'identityResource',
        name: resource.name,
        scopes: [resource.name],
        feeds: 'identity token and userinfo',
      })
    }
  }
  for (const scope of configuration.apiScopes) {
    if (scope.userClaims.includes(type)) {
      found.push({
        kind: 'apiScope',
        name: scope.name,
        scopes: [scope.name],
        feeds: 'access token',
      })
    }
  }
  for (const resource of configuration.apiResources) {
    if (resource.userClaims.includes(type)) {
      found.push({
        kind: 'apiResource',
        name: resource.name,
        scopes: resource.scopes,
        feeds: 'access token',
      })
    }
  }
  return found
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

const UNSAFE_TYPE_DETAILS = Object.freeze({
  'control-character': 'type contains a control character',
  'format-character': 'type contains an invisible Unicode format character',
  whitespace: 'type contains white space',
})

function restrictionDetail(
  type: string,
): { reason: 'protocol' | 'reserved' | 'unsafe-type'; detail: string } | undefined {
  const restriction = claimTypeRestriction(type)
  if (restriction === undefined) return undefined
  if (restriction === 'protocol') {
    return { reason: 'protocol', detail: 'protocol claim: only the token issuer sets it' }
  }
  if (restriction === 'reserved') {
    return { reason: 'reserved', detail: 'reserved by Cognito: no trigger may add or change it' }
  }
  return { reason: 'unsafe-type', detail: UNSAFE_TYPE_DETAILS[restriction] }
}

const identityOf = (claim: Claim) =>
  JSON.stringify([claim.type, claim.value, claimValueKind(claim.valueType)])

/**
 * Explains the claims one request would get, with the core's own functions:
 * the client and scopes are resolved as the trigger does
 * (`resolveRequestedResources`, `requestedClaimTypes`), the default profile
 * service and `issueClaims` pick the claims, `serializeClaims` types them.
 * Then every claim considered (stored, subject, client) gets the reason it
 * was emitted or dropped: not requested (and what would request it),
 * protocol or reserved, an invalid value, a duplicate, the stored claim
 * winning over the subject's, or the client claim rules.
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
  if (sub === undefined && caller !== ProfileDataCallers.ClaimsProviderAccessToken) {
    throw new TypeError(
      'explainClaims: without a user (client credentials) only access tokens are issued',
    )
  }
  const client = clientFor(configuration, clientId)
  const userinfo = caller === ProfileDataCallers.UserInfoEndpoint
  const asked =
    input.scopes === undefined
      ? [...requestedScopes(undefined, client)]
      : userinfo
        ? [...input.scopes]
        : [...requestedScopes(input.scopes, client)]
  const resolved = resolveRequestedResources({ scopes: asked, client, resources: configuration })
  const honoured = new Set(resolved.scopes)
  const ignored = new Set(asked.filter((scope) => !honoured.has(scope)))
  const requested = requestedClaimTypes(resolved, caller)

  const store: ClaimsStore = { findUser: async () => input.user }
  const profileService = new DefaultProfileService(store)
  const subjectClaims = input.subjectClaims ?? []
  const subject = sub === undefined ? undefined : { sub, claims: subjectClaims }
  const active =
    subject === undefined
      ? true
      : await checkIsActive({
          profileService,
          subject,
          client,
          caller: userinfo
            ? ProfileIsActiveCallers.UserInfoRequestValidation
            : ProfileIsActiveCallers.AuthorizeEndpoint,
        })
  const issued = await issueClaims({
    profileService,
    subject,
    client,
    caller,
    requestedClaimTypes: requested,
  })
  const mode = userinfo ? 'userinfo' : 'token'
  const serialized = serializeClaims(issued.claims, mode)
  const claims: Record<string, JsonValue> = Object.assign(Object.create(null), serialized.claims)
  // The userinfo endpoint always answers with the token's own subject.
  if (userinfo && sub !== undefined) claims.sub = sub

  const seen = new Set<string>()
  const emittedDecision = (
    claim: Claim,
    source: ClaimDecision['source'],
    base: Partial<ClaimDecision>,
  ): ClaimDecision => {
    const common = { source, type: claim.type, value: claim.value, valueType: claim.valueType }
    const identity = identityOf(claim)
    if (seen.has(identity)) {
      return {
        ...common,
        emitted: false,
        reason: 'duplicate',
        detail: 'duplicate: an earlier claim has the same type, value and value type; sent once',
      }
    }
    seen.add(identity)
    const parsed = parseClaimValue(claim)
    if (!parsed.ok) {
      const why = `invalid value: does not parse as ${claim.valueType} (${parsed.error.reason})`
      return mode === 'token'
        ? {
            ...common,
            emitted: false,
            reason: 'invalid-value',
            detail: `${why}: left out of the token`,
          }
        : {
            ...common,
            emitted: true,
            reason: 'invalid-value-as-text',
            detail: `${why}: userinfo sends it as text`,
            emittedValue: claim.value,
          }
    }
    return {
      ...common,
      emitted: true,
      reason: base.reason ?? 'requested',
      detail: base.detail ?? '',
      emittedValue: parsed.value,
      ...(base.requestedBy === undefined ? {} : { requestedBy: base.requestedBy }),
    }
  }

  const issuedSet = new Set(issued.claims)
  const requestedBy = (type: string) => {
    const all = requestingResources(configuration, type)
    const matched = new Set<string>([
      ...resolved.identityResources.map((r) => `identityResource:${r.name}`),
      ...resolved.apiScopes.map((r) => `apiScope:${r.name}`),
      ...resolved.apiResources.map((r) => `apiResource:${r.name}`),
    ])
    return { all, matched: all.filter((r) => matched.has(`${r.kind}:${r.name}`)) }
  }
  const storedTypes = new Set((input.user?.claims ?? []).map((claim) => claim.type))

  const decisions: ClaimDecision[] = []
  const userClaim = (claim: Claim, source: 'stored' | 'subject') => {
    const common = { source, type: claim.type, value: claim.value, valueType: claim.valueType }
    const resources = requestedBy(claim.type)
    if (issuedSet.has(claim)) {
      const forCaller = resources.matched.filter(
        (r) =>
          (r.feeds === 'access token') ===
          (caller === ProfileDataCallers.ClaimsProviderAccessToken),
      )
      decisions.push(
        emittedDecision(claim, source, {
          detail: `requested by ${forCaller.map(resourceText).join(', ')}`,
          requestedBy: forCaller,
        }),
      )
      return
    }
    const restricted = restrictionDetail(claim.type)
    if (restricted !== undefined) {
      decisions.push({ ...common, emitted: false, ...restricted })
    } else if (source === 'subject' && storedTypes.has(claim.type)) {
      decisions.push({
        ...common,
        emitted: false,
        reason: 'stored-wins',
        detail:
          "stored claim wins: the user's stored claims have this type, and the store wins over the user's own attributes",
      })
    } else {
      decisions.push({
        ...common,
        emitted: false,
        reason: 'not-requested',
        detail: notRequestedDetail(resources.all, caller, ignored),
        requestedBy: resources.all,
      })
    }
  }
  for (const claim of input.user?.claims ?? []) userClaim(claim, 'stored')
  for (const claim of subjectClaims) userClaim(claim, 'subject')

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

  const emittedClientClaims = clientClaims({ client, caller, hasUser: subject !== undefined })
  client.claims.forEach((stored, index) => {
    const claim = emittedClientClaims[index] ?? {
      ...stored,
      type: `${client.clientClaimsPrefix}${stored.type}`,
    }
    const common = {
      source: 'client' as const,
      type: claim.type,
      value: claim.value,
      valueType: claim.valueType,
    }
    if (emittedClientClaims.length === 0) {
      decisions.push(
        caller !== ProfileDataCallers.ClaimsProviderAccessToken
          ? {
              ...common,
              emitted: false,
              reason: 'not-an-access-token',
              detail: 'client claim: client claims go into access tokens only',
            }
          : {
              ...common,
              emitted: false,
              reason: 'user-without-always-send',
              detail:
                'client claim: only in client-credentials tokens, unless the client sets alwaysSendClientClaims: true',
            },
      )
      return
    }
    const restricted = restrictionDetail(claim.type)
    if (restricted !== undefined) {
      decisions.push({ ...common, emitted: false, ...restricted })
      return
    }
    decisions.push(
      emittedDecision(
        claim,
        'client',
        subject === undefined
          ? { reason: 'no-user', detail: 'client claim: a client-credentials token (no user)' }
          : {
              reason: 'always-send',
              detail: 'client claim: the client sets alwaysSendClientClaims: true',
            },
      ),
    )
  })

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
        : 'the user is inactive: Cognito refuses the sign-in or refresh; shown is what an active user would get',
    )
  }
  if (ignored.size > 0) {
    notes.push(`ignored scopes, outside the client's allowedScopes: ${[...ignored].join(' ')}`)
  }
  if (input.scopes === undefined) {
    notes.push("no scopes given: the client's allowedScopes apply, as for sign-ins that carry none")
  }
  if (userinfo && !asked.includes('openid')) {
    notes.push('userinfo refuses an access token without the openid scope (403 insufficient_scope)')
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
    requestedClaimTypes: [...requested],
    claims,
    decisions,
    notes,
  }
}
