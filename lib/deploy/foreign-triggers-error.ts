import { ClaimsmithError } from '../core/index.js'
import type { TriggerMembers } from './lambda-triggers.js'

function describe(found: TriggerMembers): string {
  return Object.entries(found)
    .map(([member, value]) =>
      typeof value === 'string'
        ? `${member} ${value}`
        : `${member} ${value.LambdaArn} (${value.LambdaVersion})`,
    )
    .join(', ')
}

/**
 * The user pool has a trigger that this stack would overwrite and that points
 * at a function not of this stack: another tool's, or another stage's.
 *
 * - `attach`: found when the stack first attaches; deploying with
 *   `replaceExistingTriggers=true` replaces it and restores it on remove.
 * - `update`: changed on the pool after the stack attached; an update never
 *   replaces it, because only the first attach records what to restore.
 *
 * @example
 * if (error instanceof ForeignTriggersError) console.error(error.found)
 */
export class ForeignTriggersError extends ClaimsmithError {
  override readonly name: string = 'ForeignTriggersError'
  readonly userPoolId: string
  readonly found: TriggerMembers

  constructor(userPoolId: string, found: TriggerMembers, when: 'attach' | 'update') {
    super(
      'FOREIGN_TRIGGERS',
      when === 'attach'
        ? `the user pool ${userPoolId} already has triggers that point at functions not of this stack: ${describe(found)}. ` +
            'Nothing was changed. Remove them from the pool, or deploy with --param="replaceExistingTriggers=true" to replace them; ' +
            'the stack then restores them when it is removed.'
        : `triggers of the user pool ${userPoolId} were pointed at functions not of this stack after it attached: ${describe(found)}. ` +
            "Nothing was changed. Point them back at this stack's functions or remove them, then deploy again; " +
            'to hand the pool to them for good, remove this stack.',
    )
    this.userPoolId = userPoolId
    this.found = found
  }
}
