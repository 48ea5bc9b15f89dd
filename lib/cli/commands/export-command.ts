import { rename, writeFile } from 'node:fs/promises'
import { formatProblem, parseConfigurationFile } from '../../configuration-file/index.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import {
  type ConfigurationFileFormat,
  exportConfiguration,
  formatConfigurationFile,
} from '../export-configuration.js'
import { fileError } from '../load-configuration-file.js'
import { openClaimsTable } from '../open-claims-table.js'
import { stringValue } from '../parse-command-line.js'
import { formatInvalidClaim, readClaimsTable } from '../read-claims-table.js'
import { UsageError } from '../usage-error.js'

/** `claimsmith export`: the table as a configuration file. */
export const exportCommand: CommandDefinition = {
  name: 'export',
  summary: 'write the table back as a configuration file',
  usage: 'claimsmith export --table <name> [--format yaml|json] [--output <file>]',
  description: [
    'Reads the whole table and prints it as a configuration file (YAML unless --format json), or writes it to --output. Sections are sorted by name, client id and sub; claims keep their stored order; defaults are left out (a client’s clientClaimsPrefix client_, alwaysSendClientClaims false and empty claims, a user’s active true). Exporting, applying the export to an empty table and exporting again gives the same bytes. Users are exported when the table has any, so applying the export with --prune manages them.',
    'Stored claims that cannot be read are left out with a warning on stderr, and if the export would not validate (a value stored without the checks of validate) the problems are printed as warnings.',
  ],
  options: {
    ...TABLE_OPTIONS,
    format: {
      type: 'string',
      placeholder: 'yaml|json',
      description: 'the file format (default yaml)',
    },
    output: {
      type: 'string',
      short: 'o',
      placeholder: 'file',
      description: 'write to this file (replacing it) instead of stdout',
    },
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    {
      command: 'claimsmith export --table claims > claimsmith.yaml',
      description: 'exports as YAML',
    },
    {
      command: 'claimsmith export --table claims --format json -o claims.json',
      description: 'exports as JSON to a file',
    },
  ],
  async run(context, { values }) {
    const format = stringValue(values, 'format') ?? 'yaml'
    if (format !== 'yaml' && format !== 'json') {
      throw new UsageError(`--format must be yaml or json, not ${JSON.stringify(format)}`, 'export')
    }
    const { client, tableName } = openClaimsTable(context, values, 'export')
    const { exported, invalidClaims } = await readClaimsTable(client, tableName)
    for (const report of invalidClaims) context.err(formatInvalidClaim(report))
    const text = formatConfigurationFile(
      exportConfiguration(exported),
      format as ConfigurationFileFormat,
    )
    const output = stringValue(values, 'output')
    const shownName = output ?? `export.${format}`
    const check = parseConfigurationFile(text, shownName)
    if (!check.ok) {
      for (const problem of check.problems) context.err(`warning: ${formatProblem(problem)}`)
    }
    if (output === undefined) {
      context.stdout.write(text)
      return 0
    }
    const path = context.resolvePath(output)
    const temporary = `${path}.${process.pid}.tmp`
    try {
      // Written next to the target and renamed, so a failure never leaves half a file.
      await writeFile(temporary, text, 'utf8')
      await rename(temporary, path)
    } catch (error) {
      throw fileError(error, output, 'write')
    }
    context.err(`Exported table ${tableName} to ${output}.`)
    return 0
  },
}
