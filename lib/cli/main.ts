import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import packageJson from '../../package.json' with { type: 'json' }
import { suggestClosest } from '../configuration-file/suggest-closest.js'
import { ClaimsmithError } from '../core/errors.js'
import { CliError } from './cli-error.js'
import type { CliIo } from './cli-io.js'
import { CommandContext } from './command-context.js'
import type { CommandDefinition } from './command-definition.js'
import { COMMANDS, USERS_SUBCOMMANDS } from './commands/index.js'
import { describeError } from './describe-error.js'
import { formatCommandHelp, formatTopLevelHelp } from './format-help.js'
import { parseCommandLine } from './parse-command-line.js'
import { UsageError } from './usage-error.js'

const HELP = new Set(['-h', '--help'])

const USERS_SUMMARY = {
  name: 'users',
  summary: 'get, set-claim, remove-claim, activate, deactivate, import users',
}

function usersHelp(): string {
  const lines = [
    'claimsmith users: read and change user records',
    '',
    'Usage:',
    '  claimsmith users <subcommand> [options]',
    '  claimsmith users <subcommand> --help',
    '',
    'Subcommands:',
  ]
  const width = Math.max(...USERS_SUBCOMMANDS.map((c) => c.name.length - 'users '.length))
  for (const command of USERS_SUBCOMMANDS) {
    lines.push(`  ${command.name.slice('users '.length).padEnd(width)}  ${command.summary}`)
  }
  return `${lines.join('\n')}\n`
}

function unknown(
  what: string,
  name: string,
  known: readonly string[],
  command?: string,
): UsageError {
  const suggestion = suggestClosest(name, known)
  return new UsageError(
    `unknown ${what} ${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
    command,
  )
}

/** The command `argv` names and the arguments after its name; help when it asks for help. */
function findCommand(
  argv: readonly string[],
): { command: CommandDefinition; args: readonly string[] } | { help: string } {
  const [first, ...rest] = argv
  if (first === undefined) throw new UsageError('missing command')
  if (HELP.has(first))
    return { help: formatTopLevelHelp([...COMMANDS, USERS_SUMMARY], packageJson.version) }
  if (first === 'help') return findCommand([...rest, '--help'])
  if (first === 'users') {
    const [sub, ...subArgs] = rest
    if (sub === undefined || HELP.has(sub)) {
      if (sub === undefined) throw new UsageError('missing users subcommand', 'users')
      return { help: usersHelp() }
    }
    const command = USERS_SUBCOMMANDS.find((c) => c.name === `users ${sub}`)
    const names = USERS_SUBCOMMANDS.map((c) => c.name.slice('users '.length))
    if (command === undefined) throw unknown('users subcommand', sub, names, 'users')
    return { command, args: subArgs }
  }
  const command = COMMANDS.find((c) => c.name === first)
  if (command === undefined) {
    throw unknown('command', first, [...COMMANDS.map((c) => c.name), 'users'])
  }
  return { command, args: rest }
}

function helpPointer(command: string | undefined): string {
  return command === undefined ? 'claimsmith --help' : `claimsmith ${command} --help`
}

/**
 * Runs the claimsmith CLI in process: parses `argv` (the arguments after
 * the program name), runs the command against the streams and environment
 * of `io`, and resolves to the exit code: 0 success, 1 failure, 2 usage
 * error. It never calls `process.exit` and never throws: usage errors and
 * claimsmith's own errors print one line (no stack trace); unexpected errors
 * print their message, and their stack with --debug.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), process)
 */
export async function main(commandLine: readonly string[], io: CliIo): Promise<number> {
  const debug = commandLine.includes('--debug')
  // --debug may stand anywhere, before the command too.
  const argv = commandLine.filter((arg) => arg !== '--debug')
  const context = new CommandContext(io)
  try {
    if (argv.length === 1 && argv[0] === '--version') {
      context.out(packageJson.version)
      return 0
    }
    const found = findCommand(argv)
    if ('help' in found) {
      context.stdout.write(found.help)
      return 0
    }
    if (found.args.some((arg) => HELP.has(arg))) {
      context.stdout.write(formatCommandHelp(found.command))
      return 0
    }
    return await found.command.run(context, parseCommandLine(found.command, found.args))
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`error: ${error.message}`)
      context.err(`Run ${helpPointer(error.command)} for usage.`)
      return 2
    }
    if (error instanceof ClaimsmithError) {
      if (error instanceof CliError) for (const line of error.details) context.err(line)
      context.err(`error: ${describeError(error)}`)
      if (debug && error.stack) context.err(error.stack)
      return 1
    }
    context.err(`error: unexpected: ${describeError(error)}`)
    context.err(
      debug && error instanceof Error && error.stack
        ? error.stack
        : 'Run again with --debug to see the stack trace.',
    )
    return 1
  } finally {
    context.close()
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2), process)
}
