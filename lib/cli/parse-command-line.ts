import { parseArgs } from 'node:util'
import { suggestClosest } from '../configuration-file/suggest-closest.js'
import type {
  CommandDefinition,
  CommandOption,
  OptionValues,
  ParsedCommandLine,
} from './command-definition.js'
import { COMMON_OPTIONS } from './common-options.js'
import { UsageError } from './usage-error.js'

/** A command's own options and the common ones. */
export function allOptions(definition: CommandDefinition): Record<string, CommandOption> {
  return { ...definition.options, ...COMMON_OPTIONS }
}

function optionName(message: string): string | undefined {
  const quoted = /'([^']+)'/.exec(message)?.[1]
  return quoted?.match(/--?[\w-]+/g)?.at(-1)
}

function explain(error: NodeJS.ErrnoException, definition: CommandDefinition): string {
  const name = optionName(error.message) ?? 'an option'
  const known = Object.keys(allOptions(definition)).map((option) => `--${option}`)
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const suggestion = suggestClosest(name, known)
      return `unknown option ${name}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `option ${name} takes no value`
      if (/ambiguous/.test(error.message)) {
        return `option ${name} needs a value (for a value starting with "-", write ${name}=-value)`
      }
      return `option ${name} needs a value`
    default:
      return error.message.split('\n')[0] ?? error.message
  }
}

/**
 * Parses a command's arguments strictly with `node:util` parseArgs: an
 * unknown option, a missing value or a wrong number of positional arguments
 * is a `UsageError` that says what is wrong (and what was probably meant).
 *
 * @example
 * parseCommandLine(planCommand, ['claimsmith.yaml', '--table', 'claims'])
 * // { values: { table: 'claims' }, positionals: ['claimsmith.yaml'] }
 */
export function parseCommandLine(
  definition: CommandDefinition,
  args: readonly string[],
): ParsedCommandLine {
  const options = Object.fromEntries(
    Object.entries(allOptions(definition)).map(([name, option]) => [
      name,
      {
        type: option.type,
        ...(option.short === undefined ? {} : { short: option.short }),
        ...(option.multiple === undefined ? {} : { multiple: option.multiple }),
      },
    ]),
  )
  let parsed: { values: OptionValues; positionals: string[] }
  try {
    // Every option is a string or a boolean, each either single or repeatable.
    const result = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
    parsed = { values: result.values as OptionValues, positionals: result.positionals }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(explain(error as NodeJS.ErrnoException, definition), definition.name)
    }
    throw error
  }
  const { min, max, names } = definition.positionals
  if (parsed.positionals.length < min) {
    throw new UsageError(`missing ${names}`, definition.name)
  }
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max)
    throw new UsageError(
      `unexpected argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => JSON.stringify(a)).join(' ')}`,
      definition.name,
    )
  }
  return { values: parsed.values, positionals: parsed.positionals }
}

/** A string option's value, or `undefined`. */
export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/** A repeatable string option's values. */
export function stringValues(values: OptionValues, name: string): string[] {
  const value = values[name]
  if (Array.isArray(value)) return value
  return typeof value === 'string' ? [value] : []
}

/** A required string option's value; a `UsageError` naming it when absent or empty. */
export function requiredString(
  values: OptionValues,
  name: string,
  command: string,
  hint = '',
): string {
  const value = stringValue(values, name)
  if (value === undefined || value === '') {
    throw new UsageError(`missing --${name}${hint === '' ? '' : ` ${hint}`}`, command)
  }
  return value
}

/** A positive integer option, or `fallback` when absent. */
export function positiveIntegerValue(
  values: OptionValues,
  name: string,
  command: string,
  fallback: number,
): number {
  const text = stringValue(values, name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `--${name} must be a positive whole number, not ${JSON.stringify(text)}`,
      command,
    )
  }
  return value
}

/** Whether a boolean option is set. */
export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true
}
