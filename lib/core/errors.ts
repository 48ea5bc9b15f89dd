/**
 * The base of every error claimsmith raises on purpose. `code` is stable and
 * safe to match on; `message` says what is wrong and where, and never carries
 * a claim value, a table name or a stack trace meant for a client.
 */
export class ClaimsmithError extends Error {
  override readonly name: string = 'ClaimsmithError'
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** Why a claim value could not be read as its value type. */
export type InvalidClaimValueReason =
  | 'not-a-number'
  | 'not-an-integer'
  | 'out-of-range'
  | 'unsafe-integer'
  | 'not-finite'
  | 'not-a-boolean'
  | 'not-json'
  | 'too-deep'

/** A stored claim's value does not parse as its declared value type. */
export class ClaimValueInvalidError extends ClaimsmithError {
  override readonly name: string = 'ClaimValueInvalidError'
  readonly claimType: string
  readonly valueType: string
  readonly reason: InvalidClaimValueReason

  constructor(claimType: string, valueType: string, reason: InvalidClaimValueReason) {
    super(
      'CLAIM_VALUE_INVALID',
      `claim "${claimType}": value is not a valid ${valueType} (${reason})`,
    )
    this.claimType = claimType
    this.valueType = valueType
    this.reason = reason
  }
}

/** The profile service says the user may not obtain tokens now. Its message is safe to show a client. */
export class UserInactiveError extends ClaimsmithError {
  override readonly name: string = 'UserInactiveError'
  constructor() {
    super('USER_INACTIVE', 'user is not active')
  }
}

/** The store failed or did not answer in time; the cause is kept for logs, never shown to a client. */
export class ClaimsStoreUnavailableError extends ClaimsmithError {
  override readonly name: string = 'ClaimsStoreUnavailableError'
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_UNAVAILABLE', message, options)
  }
}
