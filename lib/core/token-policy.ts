import type { ProfileDataCaller } from './callers.js'
import type { JsonValue } from './claim.js'

/** A claim's value after a token's shaping rules, or why the token leaves it out. */
export type ShapedClaimValue =
  | { readonly ok: true; readonly value: JsonValue; readonly reduced: boolean }
  | {
      readonly ok: false
      readonly problem: string
      /** The token has the claim anyway (the issuer writes it): not worth a warning. */
      readonly expected?: boolean | undefined
    }

/**
 * Shapes one serialized claim for a token whose issuer has rules of its own
 * (Cognito's ID token). It may change the value, or leave the claim out with
 * a problem, or answer `undefined` for a claim that goes out as it is (no
 * allocation on the common path). It never renames a claim, so no shaping can
 * bring back a restricted type.
 */
export type ClaimShaper = (type: string, value: JsonValue) => ShapedClaimValue | undefined

/**
 * How one token or response is finished: who asks the profile service, what
 * happens to a value that does not parse, the issuer's shaping rules and the
 * size budget.
 *
 * @example
 * const userinfo: TokenPolicy = { caller: ProfileDataCallers.UserInfoEndpoint, onInvalidValue: 'text' }
 */
export interface TokenPolicy {
  readonly caller: ProfileDataCaller
  /**
   * `omit`: left out and reported. `fail`: the request fails with
   * `ClaimValueInvalidError`. `text`: sent as its string form and reported
   * (userinfo, Duende's lenient path). Never emitted wrongly typed.
   */
  readonly onInvalidValue: 'omit' | 'fail' | 'text'
  /** Applied to every serialized claim; absent, claims go out as serialized. */
  readonly shape?: ClaimShaper | undefined
  /** The most the claims may add to the token in encoded bytes (`addedClaimBytes`); absent, not measured. */
  readonly sizeBudgetBytes?: number | undefined
}
