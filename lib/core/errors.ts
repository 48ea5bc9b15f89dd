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

/**
 * The store failed in a way that may pass (throttling, a server error, a
 * timeout, a reset or refused connection, an abort) or did not answer in
 * time: a transient failure, the only kind `ON_STORE_ERROR=omit` lets a
 * sign-in through. The cause is kept for logs, never shown to a client.
 */
export class ClaimsStoreUnavailableError extends ClaimsmithError {
  override readonly name: string = 'ClaimsStoreUnavailableError'
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_UNAVAILABLE', message, options)
  }
}

/**
 * The store refused a request in a way no retry fixes (a missing table, a
 * key over the size limit, denied access): a data or deployment problem,
 * not an outage. Permanent failures fail closed under either store-error
 * policy. The message names the cause for the log; a client never sees it.
 *
 * @example
 * new ClaimsStoreRejectedError('DynamoDB GetItem of the user was refused: ResourceNotFoundException', { cause })
 */
export class ClaimsStoreRejectedError extends ClaimsmithError {
  override readonly name: string = 'ClaimsStoreRejectedError'
  constructor(message: string, options?: ErrorOptions) {
    super('STORE_REQUEST_REJECTED', message, options)
  }
}
