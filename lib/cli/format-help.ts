import type { CommandDefinition } from './command-definition.js'
import { allOptions } from './parse-command-line.js'

function optionRows(definition: CommandDefinition): [string, string][] {
  return Object.entries(allOptions(definition)).map(([name, option]) => {
    const short = option.short === undefined ? '    ' : `-${option.short}, `
    const value = option.type === 'string' ? ` <${option.placeholder ?? 'value'}>` : ''
    const repeat = option.multiple ? ' (repeatable)' : ''
    return [`${short}--${name}${value}`, `${option.description}${repeat}`]
  })
}

/** Breaks a paragraph into lines of at most `width` characters, at spaces. */
function wrap(paragraph: string, width = 80): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of paragraph.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line === '' ? word : `${line} ${word}`
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

function columns(rows: readonly [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`)
}

/**
 * A command's `--help`: what it does, its synopsis, options and examples.
 *
 * @example
 * formatCommandHelp(planCommand) // 'claimsmith plan: show what apply would change…\n\nUsage:\n  claimsmith plan <file> …'
 */
export function formatCommandHelp(definition: CommandDefinition): string {
  const lines = [
    `claimsmith ${definition.name}: ${definition.summary}`,
    '',
    'Usage:',
    `  ${definition.usage}`,
  ]
  for (const paragraph of definition.description) lines.push('', ...wrap(paragraph))
  lines.push('', 'Options:', ...columns(optionRows(definition)))
  if (definition.examples.length > 0) {
    lines.push('', 'Examples:')
    for (const example of definition.examples) {
      lines.push(`  ${example.command}`, `      ${example.description}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/**
 * The top-level `--help`: every command with its summary, the common
 * options, examples and the exit codes.
 */
export function formatTopLevelHelp(
  commands: readonly Pick<CommandDefinition, 'name' | 'summary'>[],
  version: string,
): string {
  const lines = [
    `claimsmith ${version}: manage claim mappings, clients and users for Cognito in DynamoDB`,
    '',
    'Usage:',
    '  claimsmith <command> [options]',
    '  claimsmith <command> --help',
    '',
    'Commands:',
    ...columns(commands.map((command) => [command.name, command.summary])),
    '',
    'Table options (every command that reads or writes the table):',
    '  --table <name>       the claims table (default: $CLAIMS_TABLE)',
    "  --region <region>    the AWS region (default: the SDK's)",
    "  --endpoint <url>     the DynamoDB endpoint (default: the SDK's, e.g. $AWS_ENDPOINT_URL_DYNAMODB)",
    '',
    'Examples:',
    '  claimsmith init claimsmith.yaml',
    '  claimsmith validate claimsmith.yaml',
    '  claimsmith plan claimsmith.yaml --table claims',
    '  claimsmith apply claimsmith.yaml --table claims --yes',
    '  claimsmith export --table claims > claimsmith.yaml',
    '  claimsmith users import users.jsonl --table claims',
    '  claimsmith explain --table claims --sub 8f1c… --client 6example… --scopes "openid profile"',
    '',
    'Exit codes: 0 success, 1 failure, 2 usage error. --debug prints stack traces of unexpected errors.',
  ]
  return `${lines.join('\n')}\n`
}
