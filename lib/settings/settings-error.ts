import { ClaimsmithError } from '../core/errors.js'

/** An environment variable has a value the function cannot start with; the message names it. */
export class SettingsError extends ClaimsmithError {
  override readonly name: string = 'SettingsError'
  readonly variable: string

  constructor(variable: string, message: string) {
    super('SETTINGS_INVALID', `${variable}: ${message}`)
    this.variable = variable
  }
}
