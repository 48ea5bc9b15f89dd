import { CLIENT_DEFAULTS } from '../core/client.js'
import { describeItem } from './apply-plan.js'
import { diffLists } from './diff-lists.js'
import { formatFlowYaml } from './format-flow-yaml.js'
import type { Plan, PlanChange } from './plan-configuration.js'
import { type PlanItem, planItemFields } from './plan-item.js'
import { type TerminalStyle, terminalStyle } from './terminal-style.js'

/** Options for `formatPlan`. */
export interface FormatPlanOptions {
  /** Whether apply will delete: without it deletes are marked "only with --prune". */
  readonly prune?: boolean
  readonly style?: TerminalStyle
}

const DEFAULTS: Readonly<Record<string, unknown>> = CLIENT_DEFAULTS

function fieldValue(field: string, value: unknown): string {
  if (value === undefined) return field === 'allowedScopes' ? '(any scope)' : '(none)'
  const text = formatFlowYaml(value)
  return field in DEFAULTS && DEFAULTS[field] === value ? `${text} (default)` : text
}

function claimLines(
  before: readonly unknown[],
  after: readonly unknown[],
  style: TerminalStyle,
): string[] {
  return diffLists(before, after, formatFlowYaml).map(({ op, item }) => {
    const line = `        ${op} ${formatFlowYaml(item)}`
    return op === '+' ? style.green(line) : op === '-' ? style.red(line) : style.dim(line)
  })
}

function createdFields(item: PlanItem): [string, unknown][] {
  return Object.entries(planItemFields(item)).filter(([field, value]) => {
    if (value === undefined) return false
    if (item.kind !== 'client') return true
    if (field === 'claims') return (value as unknown[]).length > 0
    return !(field in DEFAULTS && DEFAULTS[field] === value)
  })
}

function changeLines(change: PlanChange, prune: boolean, style: TerminalStyle): string[] {
  const version = change.version === undefined ? '' : ` (version ${change.version})`
  switch (change.action) {
    case 'create': {
      const lines = [style.green(`+ create ${describeItem(change)}`)]
      for (const [field, value] of createdFields(change.after as PlanItem)) {
        if (field === 'claims' && (value as unknown[]).length > 0) {
          lines.push(`      claims:`, ...claimLines([], value as unknown[], style))
        } else {
          lines.push(`      ${field}: ${fieldValue(field, value)}`)
        }
      }
      return lines
    }
    case 'update': {
      const lines = [style.yellow(`~ update ${describeItem(change)}${version}`)]
      for (const { field, before, after } of change.fields) {
        if (field === 'claims') {
          lines.push(`      claims:`, ...claimLines(before as unknown[], after as unknown[], style))
        } else {
          lines.push(`      ${field}: ${fieldValue(field, before)} → ${fieldValue(field, after)}`)
        }
      }
      if (change.unreadableClaims > 0) {
        const n = change.unreadableClaims
        lines.push(
          `      ${n} stored claim${n === 1 ? '' : 's'} could not be read and ${n === 1 ? 'is' : 'are'} replaced`,
        )
      }
      return lines
    }
    case 'delete':
      return [
        style.red(`- delete ${describeItem(change)}${version}`) +
          (prune ? '' : style.dim('  (only with --prune)')),
      ]
  }
}

/** "2 to create, 1 to update, 1 to delete; 4 unchanged", or that nothing changes. */
export function formatPlanSummary(plan: Plan, prune = false): string {
  const count = (action: PlanChange['action']) =>
    plan.changes.filter((change) => change.action === action).length
  const deletes = count('delete')
  const parts = [`${count('create')} to create`, `${count('update')} to update`]
  parts.push(
    prune || deletes === 0 ? `${deletes} to delete` : `${deletes} to delete only with --prune`,
  )
  return `${parts.join(', ')}; ${plan.unchanged} unchanged.`
}

/**
 * A plan as a readable diff, item by item: `+ create`, `~ update` with each
 * changed field (claims line by line), `- delete`.
 *
 * @example
 * formatPlan(plan)
 * // '~ update client web (version 2)\n      allowedScopes: [ openid ] → [ openid, email ]\n\n0 to create, 1 to update, …'
 */
export function formatPlan(plan: Plan, options: FormatPlanOptions = {}): string {
  const style = options.style ?? terminalStyle(false)
  const prune = options.prune ?? false
  if (plan.changes.length === 0) {
    return `No changes: the table matches the configuration (${plan.unchanged} item${plan.unchanged === 1 ? '' : 's'} unchanged).\n`
  }
  const lines = plan.changes.flatMap((change) => changeLines(change, prune, style))
  return `${lines.join('\n')}\n\n${formatPlanSummary(plan, prune)}\n`
}
