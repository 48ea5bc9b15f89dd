import type { CommandContext } from './command-context.js'

/** One option of a command, as `node:util` parseArgs takes it, plus what help prints. */
export interface CommandOption {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
  /** The placeholder help prints after a string option, e.g. `file`. */
  readonly placeholder?: string
  readonly description: string
}

/** An example help prints: the command line and what it does. */
export interface CommandExample {
  readonly command: string
  readonly description: string
}

/** The values parseArgs yields for a command's options. */
export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>

/** A parsed command line: option values and positional arguments. */
export interface ParsedCommandLine {
  readonly values: OptionValues
  readonly positionals: readonly string[]
}

/**
 * A CLI command: what help prints about it, its options, and what it does.
 * `run` returns the exit code; it throws `UsageError` for a wrong command line
 * and a `ClaimsmithError` for a failure the user can act on.
 */
export interface CommandDefinition {
  /** As typed after `claimsmith`, e.g. `plan` or `users get`. */
  readonly name: string
  readonly summary: string
  /** The synopsis, e.g. `claimsmith plan <file> --table <name> [--prune]`. */
  readonly usage: string
  /** Paragraphs help prints after the synopsis. */
  readonly description: readonly string[]
  readonly options: Readonly<Record<string, CommandOption>>
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string }
  readonly examples: readonly CommandExample[]
  run(context: CommandContext, commandLine: ParsedCommandLine): Promise<number>
}
