import type { ClaimsmithConfigurationFile } from './claimsmith-configuration-file.js'

/**
 * One thing wrong with a configuration file: where it is (1-based line and
 * column, and the path to the value), what is wrong, and how to fix it.
 *
 * @example
 * const problem: ConfigurationProblem = {
 *   file: 'claimsmith.yaml', line: 12, column: 14, path: 'clients[0].claims[1].value',
 *   message: 'clients[0].claims[1].value "abc" of claim "tier" does not parse as integer: it is not a number',
 *   hint: 'write a whole number such as 42',
 * }
 */
export interface ConfigurationProblem {
  readonly file: string
  readonly line: number
  readonly column: number
  /** Where in the data, such as `clients[0].claims[1].value`; `''` for the file as a whole. */
  readonly path: string
  readonly message: string
  readonly hint: string
}

/** The configuration, or everything wrong with the file (sorted by position). */
export type ConfigurationFileResult =
  | { readonly ok: true; readonly configuration: ClaimsmithConfigurationFile }
  | { readonly ok: false; readonly problems: readonly ConfigurationProblem[] }
