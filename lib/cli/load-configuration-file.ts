import { readFile } from 'node:fs/promises'
import { parseDocument } from 'yaml'
import {
  type ClaimsmithConfigurationFile,
  type ConfigurationProblem,
  formatProblem,
  parseConfigurationFile,
} from '../configuration-file/index.js'
import { CliError } from './cli-error.js'

/** A valid configuration file, and whether it manages users. */
export interface LoadedConfigurationFile {
  readonly configuration: ClaimsmithConfigurationFile
  /** The file has a `users` key (even `users: []`): plan, apply and prune cover users. */
  readonly managesUsers: boolean
}

/** The configuration file has problems; `problems` are in file order. */
export class ConfigurationFileInvalidError extends CliError {
  override readonly name: string = 'ConfigurationFileInvalidError'
  readonly problems: readonly ConfigurationProblem[]

  constructor(fileName: string, problems: readonly ConfigurationProblem[]) {
    super(
      'CONFIGURATION_INVALID',
      `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix ${problems.length === 1 ? 'it' : 'them'} and run again`,
      { details: problems.map(formatProblem) },
    )
    this.problems = problems
  }
}

/**
 * Whether the file's top level has a `users` key. The parsed configuration
 * gives a file without one an empty list, which would make `--prune` delete
 * every user; only a file that lists users manages them.
 */
export function configurationManagesUsers(text: string): boolean {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  return parseDocument(source).has('users')
}

/**
 * Parses and validates configuration text; a `ConfigurationFileInvalidError`
 * carries every problem.
 *
 * @example
 * const { configuration, managesUsers } = parseConfigurationText(text, 'claimsmith.yaml')
 */
export function parseConfigurationText(text: string, fileName: string): LoadedConfigurationFile {
  const result = parseConfigurationFile(text, fileName)
  if (!result.ok) throw new ConfigurationFileInvalidError(fileName, result.problems)
  return { configuration: result.configuration, managesUsers: configurationManagesUsers(text) }
}

/**
 * Reads a configuration file: a `CliError` when it cannot be read, a
 * `ConfigurationFileInvalidError` when it does not validate. `fileName` is
 * the name problems are reported under (what the user typed).
 *
 * @example
 * const { configuration } = await loadConfigurationFile('/abs/claimsmith.yaml', 'claimsmith.yaml')
 */
export async function loadConfigurationFile(
  path: string,
  fileName = path,
): Promise<LoadedConfigurationFile> {
  return parseConfigurationText(await readTextFile(path, fileName), fileName)
}

/** A file's text as UTF-8, or a `CliError` saying why it cannot be read. */
export async function readTextFile(path: string, fileName = path): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    throw fileError(error, fileName)
  }
}

/** A `CliError` for a file system error on `fileName`. */
export function fileError(
  error: unknown,
  fileName: string,
  verb: 'read' | 'write' = 'read',
): CliError {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error)
  return new CliError(
    verb === 'read' ? 'CLI_FILE_UNREADABLE' : 'CLI_FILE_UNWRITABLE',
    `cannot ${verb} ${fileName}: ${why}`,
    { cause: error },
  )
}
