/**
 * The metric each claim outcome is counted under, one name per cause, the
 * same in every function (the dimension `service` tells them apart).
 * docs/claims.md lists them with the log entries that go with them.
 */
export const ClaimMetrics = Object.freeze({
  /** Claims added to tokens or sent by userinfo. */
  Issued: 'ClaimsIssued',
  /** A profile service or a client offered a protocol or reserved claim type; it was not sent. */
  Restricted: 'ClaimsRestricted',
  /** A value did not parse as its value type: left out of a token, sent as text by userinfo. */
  ValueInvalid: 'ClaimValueInvalid',
  /** A token's shaping rules (Cognito's ID token) left a claim out. */
  ShapedOut: 'ClaimsShapedOut',
  /** The claims added to a token exceed `TOKEN_SIZE_BUDGET_BYTES`. */
  OverBudget: 'TokenSizeBudgetExceeded',
} as const)
