import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import type {
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceUpdateEvent,
  Context,
} from 'aws-lambda'
import type { Logger } from '../observability/index.js'
import {
  type AttachTriggersProperties,
  parseAttachTriggersProperties,
} from './attach-triggers-properties.js'
import {
  type CustomResourceOutcome,
  type SendCustomResourceResponse,
  sendCustomResourceResponse,
} from './cloudformation-response.js'
import { ForeignTriggersError } from './foreign-triggers-error.js'
import {
  foreignTriggers,
  type LambdaTriggers,
  restoreTriggers,
  type TriggerMembers,
  withoutTriggers,
  withTriggers,
} from './lambda-triggers.js'
import { replaceUserPoolTriggers } from './replace-user-pool-triggers.js'
import { formatAttachmentId, parseAttachmentId } from './trigger-attachment.js'
import { UserPoolChangedError } from './user-pool-changed-error.js'

export interface AttachTriggersHandlerOptions {
  readonly cognito: Pick<CognitoIdentityProviderClient, 'send'>
  readonly logger: Logger
  /**
   * The region the Cognito client calls (the function's). A pool id names its
   * region; a pool elsewhere fails with a message saying where to deploy.
   */
  readonly region?: string | undefined
  /** Defaults to the PUT to the event's pre-signed response URL. */
  readonly respond?: SendCustomResourceResponse
}

export type AttachTriggersHandler = (
  event: CloudFormationCustomResourceEvent,
  context: Pick<Context, 'logStreamName'>,
) => Promise<void>

function isPoolNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException'
}

function tryParse(properties: unknown): AttachTriggersProperties | undefined {
  try {
    return parseAttachTriggersProperties(properties)
  } catch {
    return undefined
  }
}

function isEmpty(members: TriggerMembers): boolean {
  return Object.keys(members).length === 0
}

/**
 * The `Custom::UserPoolTriggers` resource: sets the given Lambda triggers on an
 * existing user pool and leaves every other setting of the pool as it was. The
 * physical id names the pool and what the attach replaced
 * (`trigger-attachment.ts`).
 *
 * - Create: refuse if the pool's triggers point at functions not of this
 *   stack, unless `ReplaceExistingTriggers` allows replacing them; then record
 *   them in the physical id. Set the triggers.
 * - Update on the same pool: refuse triggers pointed elsewhere since the
 *   attach; otherwise take off the old triggers still pointing at the old
 *   functions and set the new ones (a trigger version change is an update).
 * - Update to another pool: refused (`UserPoolChangedError`) before anything
 *   changes. The rollback that follows asks to go back to the attached pool,
 *   which needs no change.
 * - Delete: take off the triggers that still point at this stack's functions
 *   and put back what the attach replaced; a pool that no longer exists, or a
 *   create that never attached, leaves nothing to do.
 *
 * Always answers CloudFormation, so a failure fails the deployment quickly
 * instead of hanging it.
 *
 * @example
 * export const handler = createAttachTriggersHandler({ cognito: new CognitoIdentityProviderClient(), logger })
 */
export function createAttachTriggersHandler(
  options: AttachTriggersHandlerOptions,
): AttachTriggersHandler {
  const { cognito, logger } = options
  const respond = options.respond ?? sendCustomResourceResponse

  const checkRegion = (userPoolId: string): void => {
    const poolRegion = userPoolId.slice(0, userPoolId.indexOf('_'))
    if (options.region !== undefined && poolRegion !== options.region) {
      throw new Error(
        `the user pool ${userPoolId} is in ${poolRegion}, this stack in ${options.region}: deploy the stack to ${poolRegion}`,
      )
    }
  }

  const create = async (properties: AttachTriggersProperties): Promise<string> => {
    const { userPoolId, triggers } = properties
    checkRegion(userPoolId)
    let replaced: TriggerMembers = {}
    const updated = await replaceUserPoolTriggers(cognito, userPoolId, (current) => {
      const found = foreignTriggers(current, triggers, [triggers])
      if (!isEmpty(found) && !properties.replaceExistingTriggers) {
        throw new ForeignTriggersError(userPoolId, found, 'attach')
      }
      replaced = found
      return withTriggers(current, triggers)
    })
    logger.info('triggers attached', {
      userPoolId,
      triggers: Object.keys(triggers),
      replaced,
      updated,
    })
    return formatAttachmentId({ userPoolId, replaced })
  }

  const update = async (event: CloudFormationCustomResourceUpdateEvent): Promise<string> => {
    const properties = parseAttachTriggersProperties(event.ResourceProperties)
    const attachment = parseAttachmentId(event.PhysicalResourceId)
    if (attachment === undefined) {
      throw new TypeError(`the physical id ${event.PhysicalResourceId} names no attached user pool`)
    }
    const { userPoolId } = attachment
    if (properties.userPoolId !== userPoolId) {
      throw new UserPoolChangedError(userPoolId, properties.userPoolId)
    }
    const old = tryParse(event.OldResourceProperties)
    if (old !== undefined && old.userPoolId !== userPoolId) {
      logger.info('rollback of a refused pool change; nothing to undo', { userPoolId })
      return event.PhysicalResourceId
    }
    checkRegion(userPoolId)
    const previous: LambdaTriggers = old?.triggers ?? {}
    const updated = await replaceUserPoolTriggers(cognito, userPoolId, (current) => {
      const found = foreignTriggers(current, properties.triggers, [previous, properties.triggers])
      if (!isEmpty(found)) throw new ForeignTriggersError(userPoolId, found, 'update')
      return withTriggers(withoutTriggers(current, previous), properties.triggers)
    })
    logger.info('triggers updated', {
      userPoolId,
      triggers: Object.keys(properties.triggers),
      updated,
    })
    return event.PhysicalResourceId
  }

  const remove = async (event: CloudFormationCustomResourceDeleteEvent): Promise<string> => {
    const attachment = parseAttachmentId(event.PhysicalResourceId)
    const properties = tryParse(event.ResourceProperties)
    if (attachment === undefined || properties === undefined) return event.PhysicalResourceId
    const { userPoolId, replaced } = attachment
    try {
      const updated = await replaceUserPoolTriggers(cognito, userPoolId, (current) =>
        restoreTriggers(current, properties.triggers, replaced),
      )
      logger.info('triggers removed', { userPoolId, restored: replaced, updated })
    } catch (error) {
      if (!isPoolNotFound(error)) throw error
      logger.warn('user pool not found; nothing to remove', { userPoolId })
    }
    return event.PhysicalResourceId
  }

  const apply = (event: CloudFormationCustomResourceEvent): Promise<string> => {
    switch (event.RequestType) {
      case 'Create':
        return create(parseAttachTriggersProperties(event.ResourceProperties))
      case 'Update':
        return update(event)
      case 'Delete':
        return remove(event)
    }
  }

  return async (event, context) => {
    const fallbackId =
      event.RequestType === 'Create' ? context.logStreamName : event.PhysicalResourceId
    let outcome: CustomResourceOutcome
    try {
      outcome = { status: 'SUCCESS', physicalResourceId: await apply(event) }
    } catch (error) {
      logger.error('custom resource failed', { requestType: event.RequestType, error })
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      outcome = { status: 'FAILED', physicalResourceId: fallbackId, reason }
    }
    await respond(event, outcome)
  }
}
