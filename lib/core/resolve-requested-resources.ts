import type { Client } from './client.js'
import type { ApiResource, ApiScope, IdentityResource, Resources } from './resources.js'
import { STANDARD_IDENTITY_RESOURCES } from './standard-identity-resources.js'

export interface ResolveRequestedResourcesInput {
  /** The scopes asked for. Those outside the client's `allowedScopes` (when it has any) are ignored. */
  readonly scopes: Iterable<string>
  /**
   * API resource names (RFC 8707 resource indicators). When given, they narrow
   * the request to those resources: only their requested scopes and their claims
   * count. They never add a scope the request or the client did not allow.
   */
  readonly resourceIndicators?: Iterable<string> | undefined
  readonly client: Client
  readonly resources: Resources
}

/** The resources a request matched, and the scopes that were honoured. */
export interface ResolvedResources {
  readonly scopes: readonly string[]
  readonly identityResources: readonly IdentityResource[]
  readonly apiScopes: readonly ApiScope[]
  readonly apiResources: readonly ApiResource[]
}

// Configurations are immutable snapshots: each list of identity resources is merged once.
const effectiveByConfigured = new WeakMap<
  readonly IdentityResource[],
  readonly IdentityResource[]
>()

/**
 * Identity resources in effect: the standard ones, each replaced by a
 * configured resource of the same name, then the other configured ones.
 * Computed once per list of configured identity resources, which must not
 * change after it is first passed here (configurations are snapshots).
 */
export function effectiveIdentityResources(resources: Resources): readonly IdentityResource[] {
  const configured = resources.identityResources
  let effective = effectiveByConfigured.get(configured)
  if (effective === undefined) {
    const byName = new Map<string, IdentityResource>()
    for (const resource of STANDARD_IDENTITY_RESOURCES) byName.set(resource.name, resource)
    for (const resource of configured) byName.set(resource.name, resource)
    effective = Object.freeze([...byName.values()])
    effectiveByConfigured.set(configured, effective)
  }
  return effective
}

// Resolutions of each configuration snapshot and client, by the scopes and indicators asked
// for: a user pool's clients ask for few distinct combinations, and a token costs a lookup.
const resolvedBySnapshot = new WeakMap<Resources, WeakMap<Client, Map<string, ResolvedResources>>>()
/** Distinct scope combinations kept per client; past it the cache starts over. */
const MAX_RESOLUTIONS_PER_CLIENT = 64

/**
 * Matches requested scopes and resource indicators against the configured
 * resources (docs/claims.md, "Scopes and resources"): identity resources and API scopes by scope name, API
 * resources when any of their scopes is requested. Resource indicators narrow
 * the API part to the named resources, as in Duende. The answer is frozen and
 * remembered per configuration snapshot and client object, which must not
 * change once passed here (configurations are snapshots).
 *
 * @example
 * resolveRequestedResources({ scopes: ['openid', 'orders/read'], client, resources }).apiResources
 * // [{ name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: ['employee_id'] }]
 */
export function resolveRequestedResources(
  input: ResolveRequestedResourcesInput,
): ResolvedResources {
  const asked = [...input.scopes]
  const indicators = [...(input.resourceIndicators ?? [])]
  // Neither scopes (RFC 6749 section 3.3) nor resource URIs contain spaces or line breaks.
  const key = `${asked.join(' ')}\n${indicators.join(' ')}`
  let byClient = resolvedBySnapshot.get(input.resources)
  if (byClient === undefined) {
    byClient = new WeakMap()
    resolvedBySnapshot.set(input.resources, byClient)
  }
  let byKey = byClient.get(input.client)
  if (byKey === undefined || byKey.size >= MAX_RESOLUTIONS_PER_CLIENT) {
    byKey = new Map()
    byClient.set(input.client, byKey)
  }
  let resolved = byKey.get(key)
  if (resolved === undefined) {
    resolved = resolve(asked, indicators, input.client, input.resources)
    byKey.set(key, resolved)
  }
  return resolved
}

function resolve(
  asked: readonly string[],
  indicated: readonly string[],
  client: Client,
  resources: Resources,
): ResolvedResources {
  const allowed = client.allowedScopes ? new Set(client.allowedScopes) : undefined
  const scopes = [...new Set(asked)].filter((scope) => !allowed || allowed.has(scope))
  const requested = new Set(scopes)
  const indicators = new Set(indicated)
  const apiResources = resources.apiResources.filter(
    (r) =>
      (indicators.size === 0 || indicators.has(r.name)) &&
      r.scopes.some((scope) => requested.has(scope)),
  )
  const indicatedScopes = new Set(apiResources.flatMap((r) => r.scopes))
  const apiScopes = resources.apiScopes.filter(
    (s) => requested.has(s.name) && (indicators.size === 0 || indicatedScopes.has(s.name)),
  )

  return Object.freeze({
    scopes: Object.freeze(scopes),
    identityResources: Object.freeze(
      effectiveIdentityResources(resources).filter((r) => requested.has(r.name)),
    ),
    apiScopes: Object.freeze(apiScopes),
    apiResources: Object.freeze(apiResources),
  })
}
