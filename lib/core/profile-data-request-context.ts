import type { ProfileDataCaller } from './callers.js'
import type { Claim } from './claim.js'
import type { ClaimTrace } from './claim-trace.js'
import type { Client } from './client.js'
import { claimTypeRestriction } from './protocol-claims.js'
import type { Subject } from './subject.js'

/** What a profile service needs to decide which claims to issue. */
export interface ProfileDataRequestContextInit {
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileDataCaller
  readonly requestedClaimTypes: Iterable<string>
  /** Records why claims were not issued; only when the request asks for decisions. */
  readonly trace?: ClaimTrace | undefined
}

/**
 * Models a request for user claims and carries the answer (Duende's
 * ProfileDataRequestContext). A profile service reads `subject`, `client`,
 * `caller` and `requestedClaimTypes`, and puts the claims to emit into
 * `issuedClaims`, directly or through `addRequestedClaims`.
 *
 * @example
 * const context = new ProfileDataRequestContext({ subject, client, caller, requestedClaimTypes: ['email'] })
 * context.addRequestedClaims([{ type: 'email', value: 'a@example.com' }, { type: 'tier', value: '3' }])
 * context.issuedClaims // [{ type: 'email', value: 'a@example.com' }]
 */
export class ProfileDataRequestContext {
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileDataCaller
  readonly requestedClaimTypes: ReadonlySet<string>
  /**
   * Present when the request asks for decisions (`explain`): a profile
   * service may label its candidates and record why it left one out.
   */
  readonly trace: ClaimTrace | undefined
  /** The output: claims the profile service decided to issue. */
  issuedClaims: Claim[] = []

  constructor(init: ProfileDataRequestContextInit) {
    this.subject = init.subject
    this.client = init.client
    this.caller = init.caller
    this.requestedClaimTypes = new Set(init.requestedClaimTypes)
    this.trace = init.trace
  }

  /**
   * Adds to `issuedClaims` the claims whose type is requested: an exact,
   * case-sensitive match; nothing when no claim type is requested.
   */
  addRequestedClaims(claims: Iterable<Claim>): void {
    const trace = this.trace
    if (this.requestedClaimTypes.size === 0 && trace === undefined) return
    for (const claim of claims) {
      if (this.requestedClaimTypes.has(claim.type)) this.issuedClaims.push(claim)
      // A protocol or reserved type is never requested: the trace says which rule keeps it out.
      else if (trace !== undefined) {
        const restriction = claimTypeRestriction(claim.type)
        if (restriction === undefined) trace.drop(claim, 'not-requested')
        else if (restriction === 'protocol' || restriction === 'reserved') {
          trace.drop(claim, restriction)
        } else trace.drop(claim, 'unsafe-type', restriction)
      }
    }
  }
}
