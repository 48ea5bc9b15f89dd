import { addedClaimBytes } from './added-claim-bytes.js'
import type { ProfileIsActiveCaller } from './callers.js'
import { checkIsActive } from './check-is-active.js'
import type { JsonValue } from './claim.js'
import type { ClaimDecision } from './claim-decision.js'
import { ClaimTrace } from './claim-trace.js'
import {
  type ClaimsConfigurationSource,
  type ClientConfiguration,
  loadClient,
  loadClientConfiguration,
} from './claims-configuration.js'
import type { Client } from './client.js'
import type { ClaimValueInvalidError } from './errors.js'
import { idTokenUserClaims } from './id-token-user-claims.js'
import { issueClaims, type RestrictedClaim } from './issue-claims.js'
import type { ProfileService } from './profile-service.js'
import { requestedClaimTypes } from './requested-claim-types.js'
import { requestedScopes } from './requested-scopes.js'
import { type ResolvedResources, resolveRequestedResources } from './resolve-requested-resources.js'
import type { Resources } from './resources.js'
import { serializeClaims } from './serialize-claims.js'
import type { Subject } from './subject.js'
import type { TokenPolicy } from './token-policy.js'

/** One request for claims, as an adapter maps it from an event or an HTTP request. */
export interface ClaimsPipelineRequest {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly clientId: string
  /** The user; absent in the client-credentials flow, where only client claims are issued. */
  readonly subject?: Subject | undefined
  /** The scopes asked for, as `requestedScopes` reads them; absent, the client's `allowedScopes`. */
  readonly scopes?: readonly string[] | undefined
  /** RFC 8707 resource indicators (`resolveRequestedResources`). */
  readonly resourceIndicators?: readonly string[] | undefined
  /** Who asks whether the user is active; absent, nobody does. */
  readonly isActiveCaller?: ProfileIsActiveCaller | undefined
  /** The tokens or responses to issue, in order; none for an active check alone. */
  readonly tokens: readonly TokenPolicy[]
  /**
   * One signal for every call of the request: the memoized store shares one
   * read of the user per signal, so all tokens and the active check get it.
   */
  readonly signal?: AbortSignal | undefined
  /**
   * Record a decision for every candidate claim, issue the tokens of an
   * inactive user as if active, and report rather than throw an invalid value
   * under `onInvalidValue: 'fail'`. What `claimsmith explain` asks for.
   */
  readonly explain?: boolean | undefined
}

/** A claim type a token's shaping left out. */
export interface ShapedOutClaim {
  readonly type: string
  readonly problem: string
  /** The token has it anyway; see `ShapedClaimValue`. */
  readonly expected: boolean
}

/** What one token or response carries, and every claim it reports on. */
export interface IssuedToken {
  readonly policy: TokenPolicy
  /** The claims as the token or response carries them (a null-prototype object). */
  readonly claims: Readonly<Record<string, JsonValue>>
  /** Claims of a protocol or reserved type a profile service or the client offered. */
  readonly restricted: readonly RestrictedClaim[]
  /** Values that do not parse as their type: left out, or sent as text under `text`. */
  readonly invalid: readonly ClaimValueInvalidError[]
  /** Types the token's shaping left out. */
  readonly shapedOut: readonly ShapedOutClaim[]
  /** Types the token's shaping reduced to their first value. */
  readonly reduced: readonly string[]
  /** What the claims add to the token in encoded bytes; only with a size budget. */
  readonly bytes: number | undefined
  /** Whether `bytes` exceeds the policy's size budget. */
  readonly overBudget: boolean
  /** Every candidate claim's decision, in the order the steps met them; empty unless `explain`. */
  readonly decisions: readonly ClaimDecision[]
}

/** The outcome of one request. */
export interface ClaimsPipelineResult {
  /** The resources the scopes were resolved against. */
  readonly resources: Resources
  readonly client: Client
  /** The scopes asked for, after `requestedScopes`; none for an active check alone. */
  readonly scopes: readonly string[]
  readonly resolved: ResolvedResources
  /** Whether the user may obtain tokens; true without a user or an `isActiveCaller`. */
  readonly active: boolean
  /** One per policy, in order; none when the user is inactive (unless `explain`). */
  readonly tokens: readonly IssuedToken[]
}

const NONE: readonly never[] = Object.freeze([])
const NO_RESOURCES: Resources = Object.freeze({
  identityResources: NONE,
  apiScopes: NONE,
  apiResources: NONE,
})
const NOTHING_RESOLVED: ResolvedResources = Object.freeze({
  scopes: NONE,
  identityResources: NONE,
  apiScopes: NONE,
  apiResources: NONE,
})

/**
 * Issues the claims of one request: the one use-case behind the
 * pre-token-generation and pre-authentication triggers, the userinfo endpoint
 * and `claimsmith explain`. It loads the resources and the client, resolves the
 * requested scopes for the client, asks the profile service whether the user
 * is active, then for each token policy issues the claims (`issueClaims`),
 * keeps the user's claims out of the ID token of a client that asks so
 * (`idTokenUserClaims`), serializes them, shapes them and measures them. Adapters only map events to
 * requests and results to responses, so what `explain` shows is what a token
 * carries, by construction.
 *
 * Store failures reject with `ClaimsStoreUnavailableError`. A profile service
 * that ignores the signal is not cut off here; adapters wait at most until
 * the signal aborts (`untilAborted`).
 *
 * @example
 * const result = await runClaimsPipeline({ profileService, configurationSource, clientId, subject, scopes, isActiveCaller, tokens: [{ caller: ProfileDataCallers.UserInfoEndpoint, onInvalidValue: 'text' }], signal })
 * result.tokens[0]?.claims // { email: 'a@example.com', tier: 3 }
 */
export async function runClaimsPipeline(
  request: ClaimsPipelineRequest,
): Promise<ClaimsPipelineResult> {
  const { profileService, subject, signal } = request
  const issuing = request.tokens.length > 0
  // An active check alone needs the client, not the resources.
  const { resources, client }: ClientConfiguration = issuing
    ? await loadClientConfiguration(request.configurationSource, request.clientId, signal)
    : {
        resources: NO_RESOURCES,
        client: await loadClient(request.configurationSource, request.clientId, signal),
      }
  const scopes = issuing ? requestedScopes(request.scopes, client) : NONE
  // Resolved before the user's read is awaited, from the request and the configuration alone.
  const resolved = issuing
    ? resolveRequestedResources({
        scopes,
        resourceIndicators: request.resourceIndicators,
        client,
        resources,
      })
    : NOTHING_RESOLVED
  const explain = request.explain === true

  let active = true
  if (subject !== undefined && request.isActiveCaller !== undefined) {
    active = await checkIsActive({
      profileService,
      subject,
      client,
      caller: request.isActiveCaller,
      signal,
    })
    if (!active && !explain) {
      return { resources, client, scopes, resolved, active, tokens: NONE }
    }
  }
  if (!issuing) return { resources, client, scopes, resolved, active, tokens: NONE }

  const tokens = await Promise.all(
    request.tokens.map(async (policy): Promise<IssuedToken> => {
      const trace = explain ? new ClaimTrace() : undefined
      const issued = await issueClaims({
        profileService,
        subject,
        client,
        caller: policy.caller,
        requestedClaimTypes: requestedClaimTypes(resolved, policy.caller),
        signal,
        trace,
      })
      const serialized = serializeClaims(
        idTokenUserClaims(issued.claims, client, policy.caller, trace),
        policy.onInvalidValue === 'text' ? 'userinfo' : 'token',
        trace,
      )
      const first = serialized.invalid[0]
      if (first !== undefined && policy.onInvalidValue === 'fail' && !explain) throw first
      const shaped = shapeClaims(serialized.claims, policy)
      trace?.settle(
        new Map(shaped.shapedOut.map(({ type, problem }) => [type, problem])),
        new Set(shaped.reduced),
        subject !== undefined,
      )
      const bytes =
        policy.sizeBudgetBytes === undefined ? undefined : addedClaimBytes(shaped.claims)
      return {
        policy,
        claims: shaped.claims,
        restricted: issued.restricted,
        invalid: serialized.invalid,
        shapedOut: shaped.shapedOut,
        reduced: shaped.reduced,
        bytes,
        overBudget: bytes !== undefined && bytes > (policy.sizeBudgetBytes ?? bytes),
        decisions: trace?.decisions ?? NONE,
      }
    }),
  )
  return { resources, client, scopes, resolved, active, tokens }
}

interface ShapedClaims {
  readonly claims: Record<string, JsonValue>
  readonly shapedOut: readonly ShapedOutClaim[]
  readonly reduced: readonly string[]
}

function shapeClaims(claims: Record<string, JsonValue>, policy: TokenPolicy): ShapedClaims {
  const shape = policy.shape
  if (shape === undefined) return { claims, shapedOut: NONE, reduced: NONE }
  const out: Record<string, JsonValue> = Object.create(null)
  const shapedOut: ShapedOutClaim[] = []
  const reduced: string[] = []
  for (const type of Object.keys(claims)) {
    const value = claims[type] as JsonValue
    const shaped = shape(type, value)
    if (shaped === undefined) {
      out[type] = value
      continue
    }
    if (!shaped.ok) {
      shapedOut.push({ type, problem: shaped.problem, expected: shaped.expected === true })
      continue
    }
    if (shaped.reduced) reduced.push(type)
    out[type] = shaped.value
  }
  return { claims: out, shapedOut, reduced }
}
