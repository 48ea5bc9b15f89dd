import {
  ClaimsmithError,
  ClaimsStoreRejectedError,
  ClaimsStoreUnavailableError,
  ClaimValueInvalidError,
  UserInactiveError,
} from '../core/index.js'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { CognitoTriggerError } from './cognito-trigger-error.js'
import { TokenSizeBudgetExceededError } from './token-size-budget-exceeded-error.js'

/**
 * The code the store gives an item it cannot read (the DynamoDB adapter's
 * CorruptItemError). Matched by code so this adapter depends on no other.
 */
export const STORE_ITEM_CORRUPT_CODE = 'STORE_ITEM_CORRUPT'

/** The code of an error no rule below expects. */
export const UNEXPECTED_ERROR_CODE = 'INTERNAL_ERROR'

/**
 * The error to throw back to Cognito for any failure, with a message safe to
 * show the client: the inactive user and the malformed event keep their own
 * (safe) messages; every other failure gets a fixed sentence by kind, and its
 * details stay in the log.
 *
 * @example
 * toCognitoTriggerError(new ClaimsStoreUnavailableError('GetItem failed')).message
 * // 'claims are temporarily unavailable'
 */
export function toCognitoTriggerError(error: unknown): CognitoTriggerError {
  if (error instanceof CognitoTriggerError) return error
  if (error instanceof UserInactiveError || error instanceof CognitoEventInvalidError) {
    return new CognitoTriggerError(error.code, error.message)
  }
  if (error instanceof ClaimsStoreUnavailableError) {
    return new CognitoTriggerError(error.code, 'claims are temporarily unavailable')
  }
  // A permanent store failure (a missing table, a key over the limit, denied
  // access) is no outage: a retry would not help, and the cause stays in the log.
  if (error instanceof ClaimsStoreRejectedError) {
    return new CognitoTriggerError(error.code, 'claims could not be issued')
  }
  if (error instanceof TokenSizeBudgetExceededError) {
    return new CognitoTriggerError(error.code, 'claims exceed the token size budget')
  }
  if (error instanceof ClaimValueInvalidError) {
    return new CognitoTriggerError(error.code, 'claims could not be issued')
  }
  // A user item that cannot be read leaves the active flag unknown: refuse,
  // under either store-error policy, and count it as a data problem, not a bug.
  if (error instanceof ClaimsmithError && error.code === STORE_ITEM_CORRUPT_CODE) {
    return new CognitoTriggerError(error.code, 'claims could not be issued')
  }
  return new CognitoTriggerError(UNEXPECTED_ERROR_CODE, 'an internal error occurred')
}
