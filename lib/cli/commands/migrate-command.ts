import { migrateClaimsTable } from '../../dynamodb/index.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import { openClaimsTable } from '../open-claims-table.js'

/** `claimsmith migrate`: brings a table written by an earlier version to the current schema. */
export const migrateCommand: CommandDefinition = {
  name: 'migrate',
  summary: 'bring a table written by an earlier version to the current schema',
  usage: 'claimsmith migrate --table <name> [--region <region>] [--endpoint <url>]',
  description: [
    'Schema version 2 gives each client an item of its own (pk CLIENT#<clientId>, sk CLIENT), so a token reads its client and not every client. This command moves each client that schema version 1 kept in the CONFIG partition: it copies the client to its own item, then removes the old one. Every write is conditional, so the command can be interrupted and run again; a run with nothing left to move changes nothing. Resources and users keep their keys.',
    'Deploy the functions of this version first: they read a client at either key, so tokens are served throughout. plan and apply refuse a table until it is migrated.',
  ],
  options: { ...TABLE_OPTIONS },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    {
      command: 'claimsmith migrate --table claims',
      description: 'moves the clients of a schema-1 table',
    },
  ],
  async run(context, { values }) {
    const { client, tableName } = openClaimsTable(context, values, 'migrate')
    const result = await migrateClaimsTable({
      client,
      tableName,
      onClient: (clientId, outcome) => {
        if (outcome === 'changed') {
          context.err(`warning: client ${clientId} changed while it was moved; run migrate again`)
        }
      },
    })
    const total = result.moved + result.alreadyCopied + result.changed
    if (total === 0) {
      context.out(`Table ${tableName} is at schema version 2: nothing to migrate.`)
      return 0
    }
    context.out(
      `Moved ${result.moved + result.alreadyCopied} client(s) of table ${tableName} to their own items` +
        (result.changed === 0 ? '.' : `; ${result.changed} changed meanwhile: run migrate again.`),
    )
    return result.changed === 0 ? 0 : 1
  },
}
