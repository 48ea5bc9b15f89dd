import type { StoredUser } from '../core/index.js'
import type { DynamoDbClaimsWriter } from '../dynamodb/index.js'
import { ItemVersionConflictError } from '../dynamodb/index.js'
import { CliError } from './cli-error.js'
import { describeError } from './describe-error.js'
import type { Plan, PlanChange } from './plan-configuration.js'
import { kindLabel, type PlanItem } from './plan-item.js'

/** The writes apply needs; `DynamoDbClaimsWriter` has them. */
export type PlanWriter = Pick<
  DynamoDbClaimsWriter,
  'putConfigurationItem' | 'deleteConfigurationItem' | 'putUser' | 'deleteUser'
>

/** Options for `applyPlan`. */
export interface ApplyPlanOptions {
  /** Delete the items the plan would delete. Default false: nothing is deleted. */
  readonly prune?: boolean
  readonly signal?: AbortSignal
  /** Told about each change once it is written. */
  readonly onApplied?: (change: PlanChange) => void
}

/** What an apply wrote. */
export interface ApplyResult {
  readonly created: number
  readonly updated: number
  readonly deleted: number
  /** Deletes the plan holds that were not made because `prune` was off. */
  readonly notPruned: number
  /** The changes written, in order. */
  readonly applied: readonly PlanChange[]
}

/** How messages name an item: `client web`, `API scope orders/read`. */
export function describeItem(change: Pick<PlanChange, 'kind' | 'name'>): string {
  return `${kindLabel(change.kind)} ${change.name}`
}

function progress(applied: number, total: number): string {
  return `${applied} of ${total} change${total === 1 ? '' : 's'} ${applied === 1 ? 'was' : 'were'} applied before it`
}

/** The user as the plan writes it, still signed out if the stored user was: files carry no sign-out time. */
function keepSignOut(user: StoredUser, before: PlanItem | undefined): StoredUser {
  const signedOut = before?.kind === 'user' ? before.value.tokensValidAfter : undefined
  return user.tokensValidAfter === undefined && signedOut !== undefined
    ? { ...user, tokensValidAfter: signedOut }
    : user
}

/**
 * An item changed in the table between plan and apply; apply stopped without
 * overwriting it. `applied` changes were written before.
 */
export class ApplyConflictError extends CliError {
  override readonly name: string = 'ApplyConflictError'
  readonly change: PlanChange
  readonly applied: readonly PlanChange[]

  constructor(change: PlanChange, applied: readonly PlanChange[], total: number, cause: unknown) {
    const what =
      change.action === 'create'
        ? `${describeItem(change)} was created in the table after the plan was made`
        : `${describeItem(change)} changed in the table after the plan was made (it is no longer at version ${change.version})`
    super(
      'APPLY_CONFLICT',
      `${what}; it was not overwritten. ${progress(applied.length, total)}. Re-run plan to see the current table, then apply again.`,
      { cause },
    )
    this.change = change
    this.applied = applied
  }
}

/**
 * A write failed (the store was unavailable, a timeout) and apply stopped.
 * Each item is written whole, so every item is either as it was or as
 * planned; running apply again completes it.
 */
export class ApplyIncompleteError extends CliError {
  override readonly name: string = 'ApplyIncompleteError'
  readonly change: PlanChange
  readonly applied: readonly PlanChange[]

  constructor(change: PlanChange, applied: readonly PlanChange[], total: number, cause: unknown) {
    const reason = describeError(cause)
    super(
      'APPLY_INCOMPLETE',
      `apply stopped at ${describeItem(change)}: ${reason}. ${progress(applied.length, total)}; every item is either as it was or as planned. Run apply again to complete it.`,
      { cause },
    )
    this.change = change
    this.applied = applied
  }
}

async function write(writer: PlanWriter, change: PlanChange, signal?: AbortSignal): Promise<void> {
  const base = signal === undefined ? {} : { signal }
  if (change.action === 'delete') {
    const options = { ...base, expectedVersion: change.version as number }
    if (change.kind === 'user') await writer.deleteUser(change.name, options)
    else await writer.deleteConfigurationItem(change.kind, change.name, options)
    return
  }
  const options = change.version === undefined ? base : { ...base, expectedVersion: change.version }
  const after = change.after
  if (after === undefined)
    throw new TypeError(`applyPlan: ${change.action} of ${describeItem(change)} has no item`)
  if (after.kind === 'user') await writer.putUser(keepSignOut(after.value, change.before), options)
  else await writer.putConfigurationItem(after, options)
}

/**
 * Writes a plan's changes one item at a time, each conditional on the
 * version the plan read (a create on the item not existing), so a change
 * made by someone else in between stops apply with `ApplyConflictError`
 * instead of being overwritten. Deletes only with `prune`. Each item is one
 * PutItem or DeleteItem, so a failure midway (`ApplyIncompleteError`) leaves
 * every item old or new, and planning and applying again completes it.
 *
 * @example
 * const result = await applyPlan(new DynamoDbClaimsWriter({ client, tableName }), plan, { prune: false })
 * result.created // 3
 */
export async function applyPlan(
  writer: PlanWriter,
  plan: Plan,
  options: ApplyPlanOptions = {},
): Promise<ApplyResult> {
  const prune = options.prune ?? false
  const changes = plan.changes.filter((change) => prune || change.action !== 'delete')
  const applied: PlanChange[] = []
  for (const change of changes) {
    try {
      await write(writer, change, options.signal)
    } catch (error) {
      if (error instanceof ItemVersionConflictError) {
        throw new ApplyConflictError(change, applied, changes.length, error)
      }
      if (error instanceof TypeError) throw error
      throw new ApplyIncompleteError(change, applied, changes.length, error)
    }
    applied.push(change)
    options.onApplied?.(change)
  }
  const count = (action: PlanChange['action']) =>
    applied.filter((change) => change.action === action).length
  return {
    created: count('create'),
    updated: count('update'),
    deleted: count('delete'),
    notPruned: plan.changes.length - changes.length,
    applied,
  }
}
