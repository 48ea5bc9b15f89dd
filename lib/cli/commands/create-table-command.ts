import { createClaimsTable } from '../../dynamodb/index.js'
import { CliError } from '../cli-error.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import { describeError } from '../describe-error.js'
import { openClaimsTable } from '../open-claims-table.js'

/** `claimsmith create-table`: creates the claims table (local and test use). */
export const createTableCommand: CommandDefinition = {
  name: 'create-table',
  summary: 'create the claims table (for local and test use)',
  usage: 'claimsmith create-table --table <name> [--region <region>] [--endpoint <url>]',
  description: [
    'Creates the table with the keys of the data model (pk and sk, strings; on-demand capacity) and waits until it is active. Production tables come from the infrastructure (serverless.yml), with backups and encryption settings this command does not set.',
  ],
  options: { ...TABLE_OPTIONS },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    {
      command: 'claimsmith create-table --table claims --endpoint http://localhost:8000',
      description: 'creates the table in a DynamoDB Local',
    },
  ],
  async run(context, { values }) {
    const { client, tableName } = openClaimsTable(context, values, 'create-table')
    try {
      await createClaimsTable(client, tableName)
    } catch (error) {
      if ((error as Error).name === 'ResourceInUseException') {
        throw new CliError('TABLE_EXISTS', `table ${tableName} already exists`, { cause: error })
      }
      throw new CliError(
        'TABLE_NOT_CREATED',
        `table ${tableName} was not created: ${describeError(error)}`,
        {
          cause: error,
        },
      )
    }
    context.out(`Created table ${tableName}.`)
    return 0
  },
}
