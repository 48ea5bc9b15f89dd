import { ClaimsmithError } from '../core/index.js'

/**
 * A Cognito trigger event is not one this function can serve: an unknown
 * version or trigger source, or a field missing or of the wrong type. The
 * message names the field by its path and what is wrong with it, never the
 * field's value, so it is safe to show a client.
 *
 * @example
 * try { parsePreTokenGenerationEvent(event) }
 * catch (error) { if (error instanceof CognitoEventInvalidError) log.warn(error.message, { path: error.path }) }
 */
export class CognitoEventInvalidError extends ClaimsmithError {
  override readonly name: string = 'CognitoEventInvalidError'
  /** Where the problem is, e.g. `request.userAttributes.sub`; empty for the event itself. */
  readonly path: string

  constructor(path: string, problem: string) {
    super(
      'COGNITO_EVENT_INVALID',
      `invalid Cognito event: ${path === '' ? 'event' : path} ${problem}`,
    )
    this.path = path
  }
}
