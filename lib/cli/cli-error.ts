import { ClaimsmithError } from '../core/errors.js'

/**
 * A command failed for a reason the user can act on (a file that cannot be
 * read, a table that exists already, a refused confirmation). The CLI prints
 * `details` (one per line), then the message, and exits with 1.
 *
 * @example
 * throw new CliError('CLI_FILE_EXISTS', 'claimsmith.yaml exists; pass --force to overwrite it')
 */
export class CliError extends ClaimsmithError {
  override readonly name: string = 'CliError'
  readonly details: readonly string[]

  constructor(
    code: string,
    message: string,
    options?: ErrorOptions & { details?: readonly string[] },
  ) {
    super(code, message, options)
    this.details = options?.details ?? []
  }
}
