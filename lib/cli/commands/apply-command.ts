import { applyPlan, describeItem } from '../apply-plan.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import { confirm } from '../confirm.js'
import { formatPlan } from '../format-plan.js'
import { flag } from '../parse-command-line.js'
import { UsageError } from '../usage-error.js'
import { planFile } from './plan-command.js'

const PAST = { create: 'created', update: 'updated', delete: 'deleted' } as const

/** `claimsmith apply <file>`: makes the table match the file. */
export const applyCommand: CommandDefinition = {
  name: 'apply',
  summary: 'make the table match a configuration file',
  usage: 'claimsmith apply <file> --table <name> [--prune] [--yes]',
  description: [
    'Plans as plan does, prints the plan, asks for confirmation, then writes only the items that differ, one item at a time, each conditional on the version read for the plan: if someone changes an item in between, apply stops, names the item and overwrites nothing; run plan again. A second apply finds nothing to do. A failure midway leaves every item either as it was or as in the file; running apply again completes it.',
    'Without --prune nothing is deleted. With it, items of the kinds the file manages that the file does not list are deleted: identity resources, API scopes, API resources and clients always; users only when the file has a users key.',
    'On a terminal apply asks before writing; elsewhere (a pipe, CI) it refuses unless --yes is given.',
  ],
  options: {
    ...TABLE_OPTIONS,
    prune: { type: 'boolean', description: 'also delete managed items the file does not list' },
    yes: { type: 'boolean', short: 'y', description: 'apply without asking' },
  },
  positionals: { min: 1, max: 1, names: 'file (the configuration file)' },
  examples: [
    {
      command: 'claimsmith apply claimsmith.yaml --table claims',
      description: 'shows the plan and asks',
    },
    {
      command: 'claimsmith apply claimsmith.yaml --table claims --prune --yes',
      description: 'in CI: applies and deletes what the file no longer lists',
    },
  ],
  async run(context, { values, positionals }) {
    const fileName = positionals[0] as string
    const prune = flag(values, 'prune')
    const { plan, tableName, writer } = await planFile(context, values, fileName, 'apply')
    const toApply = plan.changes.filter((change) => prune || change.action !== 'delete')
    if (toApply.length === 0) {
      const notPruned = plan.changes.length
      context.out(
        `No changes: table ${tableName} matches ${fileName}.${notPruned > 0 ? ` ${notPruned} item${notPruned === 1 ? '' : 's'} the file does not list would be deleted only with --prune.` : ''}`,
      )
      return 0
    }
    context.stdout.write(formatPlan(plan, { prune, style: context.style }))
    context.out()
    if (!flag(values, 'yes')) {
      if (!context.interactive || context.stdin?.isTTY !== true) {
        throw new UsageError(
          'not applying without confirmation: pass --yes to apply from a script or CI',
          'apply',
        )
      }
      const question = `Apply ${toApply.length} change${toApply.length === 1 ? '' : 's'} to table ${tableName}?`
      if (!(await confirm(context, question))) {
        // The user's own answer, not a failure: said plainly, exit status 1 for scripts.
        context.err('Nothing applied.')
        return 1
      }
    }
    const result = await applyPlan(writer, plan, {
      prune,
      onApplied: (change) => context.out(`${PAST[change.action]} ${describeItem(change)}`),
    })
    const pruneNote =
      result.notPruned > 0
        ? ` ${result.notPruned} item${result.notPruned === 1 ? '' : 's'} not deleted: run with --prune to delete them.`
        : ''
    context.out(
      `Applied to table ${tableName}: ${result.created} created, ${result.updated} updated, ${result.deleted} deleted.${pruneNote}`,
    )
    return 0
  },
}
