import { type ClaimTypeRestriction, claimTypeRestriction, type JsonValue } from '../core/index.js'

/** A claim type taken out of a response because it may never be sent. */
export interface RestrictedClaimType {
  readonly type: string
  readonly restriction: ClaimTypeRestriction
}

/**
 * The claims without any protocol or Cognito-reserved type. The core already
 * keeps these out; this is the last check before a response leaves, so no
 * profile service or shaping step can get one through.
 *
 * @example
 * withoutRestrictedClaims({ tier: 3, token_use: 'id' })
 * // { claims: { tier: 3 }, restricted: [{ type: 'token_use', restriction: 'reserved' }] }
 */
export function withoutRestrictedClaims<T extends JsonValue>(
  claims: Readonly<Record<string, T>>,
): { readonly claims: Record<string, T>; readonly restricted: readonly RestrictedClaimType[] } {
  const types = Object.keys(claims)
  // Nearly always nothing is restricted (the core has already left such claims out): no copy then.
  if (!types.some((type) => claimTypeRestriction(type) !== undefined)) {
    return { claims: claims as Record<string, T>, restricted: [] }
  }
  const out: Record<string, T> = Object.create(null)
  const restricted: RestrictedClaimType[] = []
  for (const type of types) {
    const restriction = claimTypeRestriction(type)
    if (restriction === undefined) out[type] = claims[type] as T
    else restricted.push({ type, restriction })
  }
  return { claims: out, restricted }
}
