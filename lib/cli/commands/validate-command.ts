import { formatProblem, parseConfigurationFile } from '../../configuration-file/index.js'
import type { CommandDefinition } from '../command-definition.js'
import { readTextFile } from '../load-configuration-file.js'

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

/** `claimsmith validate <file…>`: checks configuration files. */
export const validateCommand: CommandDefinition = {
  name: 'validate',
  summary: 'check configuration files against the schema and the rules',
  usage: 'claimsmith validate <file> [<file>…]',
  description: [
    'Checks each file: YAML or JSON syntax, unknown keys, duplicate names, scopes an API resource or client uses but nobody defines, protocol and Cognito-reserved claim types, values that do not parse as their valueType, integer ranges, and each client’s claims against the token size budget. Each problem is printed as file:line:column: message (hint), so terminals and editors link to it. Exits with 1 when any file has a problem. Reads no table.',
  ],
  options: {},
  positionals: {
    min: 1,
    max: Number.POSITIVE_INFINITY,
    names: 'file (the configuration file to check)',
  },
  examples: [
    { command: 'claimsmith validate claimsmith.yaml', description: 'checks one file' },
    { command: 'claimsmith validate config/*.yaml', description: 'checks several' },
  ],
  async run(context, { positionals }) {
    let failed = 0
    for (const fileName of positionals) {
      const result = parseConfigurationFile(
        await readTextFile(context.resolvePath(fileName), fileName),
        fileName,
      )
      if (!result.ok) {
        failed += 1
        for (const problem of result.problems) context.out(formatProblem(problem))
        context.out(`${fileName}: ${count(result.problems.length, 'problem')}`)
        continue
      }
      const { identityResources, apiScopes, apiResources, clients, users } = result.configuration
      context.out(
        `${fileName} is valid: ${count(identityResources.length, 'identity resource')}, ${count(apiScopes.length, 'API scope')}, ${count(apiResources.length, 'API resource')}, ${count(clients.length, 'client')}, ${count(users.length, 'user')}`,
      )
    }
    return failed === 0 ? 0 : 1
  },
}
