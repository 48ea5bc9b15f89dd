import type { CommandDefinition } from '../command-definition.js'
import { applyCommand } from './apply-command.js'
import { createTableCommand } from './create-table-command.js'
import { explainCommand } from './explain-command.js'
import { exportCommand } from './export-command.js'
import { initCommand } from './init-command.js'
import { migrateCommand } from './migrate-command.js'
import { planCommand } from './plan-command.js'
import { testCommand } from './test-command.js'
import { USERS_SUBCOMMANDS } from './users-command.js'
import { validateCommand } from './validate-command.js'

/** The top-level commands, in help order; `users` has subcommands. */
export const COMMANDS: readonly CommandDefinition[] = [
  initCommand,
  validateCommand,
  createTableCommand,
  planCommand,
  applyCommand,
  exportCommand,
  explainCommand,
  migrateCommand,
  testCommand,
]

export { USERS_SUBCOMMANDS }
