import { DynamoDbClaimsWriter } from '../../dynamodb/index.js'
import { CliError } from '../cli-error.js'
import type { CommandContext } from '../command-context.js'
import type { CommandDefinition, OptionValues } from '../command-definition.js'
import { JSON_OPTION, TABLE_OPTIONS } from '../common-options.js'
import { formatPlan } from '../format-plan.js'
import { loadConfigurationFile } from '../load-configuration-file.js'
import { openClaimsTable } from '../open-claims-table.js'
import { flag } from '../parse-command-line.js'
import { type Plan, planConfiguration } from '../plan-configuration.js'
import { formatInvalidClaim, readClaimsTable } from '../read-claims-table.js'

/** A plan for a file against a table, and a writer for that table. */
export interface PlannedFile {
  readonly plan: Plan
  readonly tableName: string
  readonly writer: DynamoDbClaimsWriter
}

/** Reads the file and the table and plans; shared by plan and apply. */
export async function planFile(
  context: CommandContext,
  values: OptionValues,
  fileName: string,
  command: string,
): Promise<PlannedFile> {
  const table = openClaimsTable(context, values, command)
  const { configuration, managesUsers } = await loadConfigurationFile(
    context.resolvePath(fileName),
    fileName,
  )
  const { exported, invalidClaims } = await readClaimsTable(table.client, table.tableName)
  for (const report of invalidClaims) context.err(formatInvalidClaim(report))
  if (exported.legacyClientIds.length > 0) {
    throw new CliError(
      'TABLE_NEEDS_MIGRATION',
      `table ${table.tableName} keeps ${exported.legacyClientIds.length} client(s) where schema version 1 put them; run claimsmith migrate --table ${table.tableName} first`,
    )
  }
  const plan = planConfiguration(configuration, exported, {
    manageUsers: managesUsers,
    invalidClaims,
  })
  return {
    plan,
    tableName: table.tableName,
    writer: new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }),
  }
}

/** `claimsmith plan <file>`: what apply would change. */
export const planCommand: CommandDefinition = {
  name: 'plan',
  summary: 'show what apply would create, change and delete, item by item',
  usage: 'claimsmith plan <file> --table <name> [--prune] [--json]',
  description: [
    'Validates the file, reads the table and prints a diff: + create, ~ update (each changed field, claims line by line) and - delete, with the version each item had. Writes nothing. Identity resources, API scopes, API resources and clients are always compared; users only when the file has a users key. Deletes happen only with apply --prune; without --prune they are listed as "only with --prune".',
  ],
  options: {
    ...TABLE_OPTIONS,
    prune: { type: 'boolean', description: 'show the plan as apply --prune would carry it out' },
    ...JSON_OPTION,
  },
  positionals: { min: 1, max: 1, names: 'file (the configuration file)' },
  examples: [
    { command: 'claimsmith plan claimsmith.yaml --table claims', description: 'shows the changes' },
    {
      command: 'claimsmith plan claimsmith.yaml --table claims --json | jq ".changes | length"',
      description: 'counts them in a script',
    },
  ],
  async run(context, { values, positionals }) {
    const fileName = positionals[0] as string
    const { plan, tableName } = await planFile(context, values, fileName, 'plan')
    if (flag(values, 'json')) {
      context.out(JSON.stringify(plan, null, 2))
      return 0
    }
    context.out(`Plan for table ${tableName} from ${fileName}:`)
    context.out()
    context.stdout.write(formatPlan(plan, { prune: flag(values, 'prune'), style: context.style }))
    return 0
  },
}
