import { ProfileIsActiveCallers } from './callers.js'
import type { Claim } from './claim.js'
import type { ClaimTrace } from './claim-trace.js'
import type { ClaimsStore } from './claims-store.js'
import type { IsActiveContext } from './is-active-context.js'
import type { ProfileDataRequestContext } from './profile-data-request-context.js'
import type { ProfileService } from './profile-service.js'
import { typedClaimValue } from './typed-claim.js'

export interface DefaultProfileServiceOptions {
  /** Treat a user with no record in the store as inactive (default false: active, as in Duende). */
  readonly requireProfile?: boolean | undefined
}

/**
 * Merges a user's stored claims with the subject's and issues the requested
 * ones. A stored claim wins over a subject claim of the same type: Cognito
 * users can write their own attributes, so the subject is never trusted over
 * the store. Active is the stored flag; a user without a record is active
 * unless `requireProfile` is set. Where an access token is validated (callers
 * AccessTokenValidation and UserInfoRequestValidation), a token whose `iat`
 * is at or before the user's `tokensValidAfter` (sign-out) is inactive too.
 *
 * @example
 * const profileService = new DefaultProfileService(store, { requireProfile: true })
 */
export class DefaultProfileService implements ProfileService {
  readonly #store: ClaimsStore
  readonly #requireProfile: boolean

  constructor(store: ClaimsStore, options: DefaultProfileServiceOptions = {}) {
    this.#store = store
    this.#requireProfile = options.requireProfile ?? false
  }

  async getProfileData(context: ProfileDataRequestContext, signal?: AbortSignal): Promise<void> {
    const user = await this.#store.findUser(context.subject.sub, signal)
    const stored = user?.claims ?? []
    const { trace } = context
    if (trace !== undefined) {
      trace.label(stored, 'stored')
      trace.label(context.subject.claims, 'subject')
    }
    context.addRequestedClaims(
      mergeClaims(stored, context.subject.claims, user?.unreadableClaimTypes, trace),
    )
  }

  async isActive(context: IsActiveContext, signal?: AbortSignal): Promise<void> {
    const user = await this.#store.findUser(context.subject.sub, signal)
    if (user === undefined) {
      context.isActive = !this.#requireProfile
      return
    }
    context.isActive = user.active && !signedOutBefore(context, user.tokensValidAfter)
  }
}

/** The callers whose subject is a presented access token, with its `iat`. */
const TOKEN_VALIDATION_CALLERS: ReadonlySet<string> = new Set([
  ProfileIsActiveCallers.AccessTokenValidation,
  ProfileIsActiveCallers.UserInfoRequestValidation,
])

/**
 * Whether the access token being validated was issued at or before the
 * user's sign-out. A token without a readable `iat` counts as issued before
 * it: once a user signed out, no token of unknown age is accepted.
 */
function signedOutBefore(context: IsActiveContext, tokensValidAfter: number | undefined): boolean {
  if (tokensValidAfter === undefined || !TOKEN_VALIDATION_CALLERS.has(context.caller)) return false
  const iat = context.subject.claims.find((claim) => claim.type === 'iat')
  if (iat === undefined) return true
  // A token's iat arrives typed; one given as text (by another adapter) is read as a number too.
  const typed = typedClaimValue(iat)
  const issuedAt = typed.ok && typeof typed.value === 'number' ? typed.value : Number(iat.value)
  return !(issuedAt > tokensValidAfter)
}

/**
 * Stored claims, then the subject's claims of the types the store does not
 * have: neither among `stored` nor among `unreadableTypes`, the types of
 * stored claims that could not be read. `trace`, when given, records each
 * subject claim the store shadows.
 */
export function mergeClaims(
  stored: readonly Claim[],
  subject: readonly Claim[],
  unreadableTypes: readonly string[] = [],
  trace?: ClaimTrace,
): Claim[] {
  const storedTypes = new Set(stored.map((claim) => claim.type))
  for (const type of unreadableTypes) storedTypes.add(type)
  const merged = [...stored]
  for (const claim of subject) {
    if (!storedTypes.has(claim.type)) merged.push(claim)
    else trace?.drop(claim, 'stored-wins')
  }
  return merged
}
