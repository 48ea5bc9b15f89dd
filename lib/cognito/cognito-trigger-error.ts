import { ClaimsmithError } from '../core/index.js'

/**
 * What a trigger throws back to Cognito. Cognito shows the message to the
 * client ("PreTokenGeneration failed with error <message>"), so it is always
 * one of a few fixed, safe sentences; `code` says which failure it was, and
 * the details stay in the log.
 *
 * @example
 * throw new CognitoTriggerError('USER_INACTIVE', 'user is not active')
 */
export class CognitoTriggerError extends ClaimsmithError {
  override readonly name: string = 'CognitoTriggerError'
}
