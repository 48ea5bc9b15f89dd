import { type FileHandle, open } from 'node:fs/promises'
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

/**
 * The largest configuration file `validate`, `plan`, `apply` and `explain`
 * read: 2 MiB. Reading builds a YAML document with positions for every
 * node, about a hundred times the file's size in memory; at this size
 * `validate` peaks under 384 MB RSS. Bulk users belong in `users import`,
 * which streams its file.
 */
export const MAX_CONFIGURATION_FILE_BYTES = 2 * 1024 * 1024

/** What a file read by `readTextFile` holds, for its error messages. */
export type TextFileKind = 'configuration' | 'tests'

/**
 * A configuration or tests file's text as UTF-8, or a `CliError` saying why
 * it cannot be read: it is missing, unreadable, or larger than
 * `MAX_CONFIGURATION_FILE_BYTES` (checked before anything is read).
 */
export async function readTextFile(
  path: string,
  fileName = path,
  kind: TextFileKind = 'configuration',
): Promise<string> {
  let file: FileHandle
  try {
    file = await open(path, 'r')
  } catch (error) {
    throw fileError(error, fileName)
  }
  try {
    const { size } = await file.stat()
    if (size > MAX_CONFIGURATION_FILE_BYTES) throw tooLarge(fileName, size, kind)
    return await file.readFile('utf8')
  } catch (error) {
    throw error instanceof CliError ? error : fileError(error, fileName)
  } finally {
    await file.close()
  }
}

function tooLarge(fileName: string, size: number, kind: TextFileKind): CliError {
  const limit = MAX_CONFIGURATION_FILE_BYTES.toLocaleString('en-US')
  return new CliError(
    'CLI_FILE_TOO_LARGE',
    `cannot read ${fileName}: it is ${size.toLocaleString('en-US')} bytes, over the ${limit}-byte (2 MiB) limit for ${kind} files`,
    {
      details: [
        kind === 'configuration'
          ? 'keep resources and clients here; import users in bulk with claimsmith users import'
          : 'split the cases over several tests files: claimsmith test takes any number of them',
      ],
    },
  )
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
