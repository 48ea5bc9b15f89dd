import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda'
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
import { replaceUserPoolTriggers } from './replace-user-pool-triggers.js'

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

/**
 * The `Custom::UserPoolTriggers` resource: sets the given Lambda triggers on an
 * existing user pool and leaves every other setting of the pool as it was.
 *
 * - Create: set the triggers.
 * - Update on the same pool: take off the old triggers still pointing at the
 *   old functions, then set the new ones (a trigger version change is an update).
 * - Update to another pool: set the triggers there; the physical id (the pool
 *   id) changes, so CloudFormation then deletes the old resource, which takes
 *   the triggers off the old pool.
 * - Delete: take off the triggers that still point at this stack's functions;
 *   a pool that no longer exists, or properties that never attached anything,
 *   leave nothing to do.
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

  const apply = async (event: CloudFormationCustomResourceEvent): Promise<string> => {
    if (event.RequestType === 'Delete') {
      const properties = tryParse(event.ResourceProperties)
      if (properties === undefined) return event.PhysicalResourceId
      try {
        const updated = await replaceUserPoolTriggers(cognito, {
          userPoolId: properties.userPoolId,
          remove: properties.triggers,
        })
        logger.info('triggers removed', { userPoolId: properties.userPoolId, updated })
      } catch (error) {
        if (!isPoolNotFound(error)) throw error
        logger.warn('user pool not found; nothing to remove', { userPoolId: properties.userPoolId })
      }
      return event.PhysicalResourceId
    }
    const properties = parseAttachTriggersProperties(event.ResourceProperties)
    const poolRegion = properties.userPoolId.slice(0, properties.userPoolId.indexOf('_'))
    if (options.region !== undefined && poolRegion !== options.region) {
      throw new Error(
        `the user pool ${properties.userPoolId} is in ${poolRegion}, this stack in ${options.region}: deploy the stack to ${poolRegion}`,
      )
    }
    const old = event.RequestType === 'Update' ? tryParse(event.OldResourceProperties) : undefined
    const updated = await replaceUserPoolTriggers(cognito, {
      userPoolId: properties.userPoolId,
      ...(old?.userPoolId === properties.userPoolId ? { remove: old.triggers } : {}),
      add: properties.triggers,
    })
    logger.info('triggers set', {
      userPoolId: properties.userPoolId,
      triggers: Object.keys(properties.triggers),
      updated,
    })
    return properties.userPoolId
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
