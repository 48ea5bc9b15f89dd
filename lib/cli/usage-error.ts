import { ClaimsmithError } from '../core/errors.js'

/**
 * The command line is wrong: an unknown command or option, a missing or
 * malformed argument. The CLI prints the message and a pointer to `--help`,
 * and exits with 2.
 *
 * @example
 * throw new UsageError('missing --table (or set CLAIMS_TABLE)', 'plan')
 */
export class UsageError extends ClaimsmithError {
  override readonly name: string = 'UsageError'
  /** The command whose help to point at; `undefined` for the top level. */
  readonly command: string | undefined

  constructor(message: string, command?: string) {
    super('CLI_USAGE', message)
    this.command = command
  }
}
