import type { ProfileDataCaller } from './callers.js'
import type { Claim } from './claim.js'
import type { Client } from './client.js'
import type { Subject } from './subject.js'

/** What a profile service needs to decide which claims to issue. */
export interface ProfileDataRequestContextInit {
  readonly subject: Subject
  readonly client: Client
  readonly caller: ProfileDataCaller
  readonly requestedClaimTypes: Iterable<string>
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
  /** The output: claims the profile service decided to issue. */
  issuedClaims: Claim[] = []

  constructor(init: ProfileDataRequestContextInit) {
    this.subject = init.subject
    this.client = init.client
    this.caller = init.caller
    this.requestedClaimTypes = new Set(init.requestedClaimTypes)
  }

  /**
   * Adds to `issuedClaims` the claims whose type is requested: an exact,
   * case-sensitive match; nothing when no claim type is requested.
   */
  addRequestedClaims(claims: Iterable<Claim>): void {
    if (this.requestedClaimTypes.size === 0) return
    for (const claim of claims) {
      if (this.requestedClaimTypes.has(claim.type)) this.issuedClaims.push(claim)
    }
  }
}
