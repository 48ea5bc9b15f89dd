import * as v from 'valibot'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { type CognitoUser, readCognitoUser } from './cognito-user.js'
import {
  PRE_AUTHENTICATION_TRIGGER_SOURCE,
  type PreAuthenticationTriggerSource,
} from './trigger-sources.js'
import { plainObject, requiredString, validateEvent } from './validate-event.js'

/** A pre-authentication event, checked and reduced to what the trigger reads. */
export interface ParsedPreAuthenticationEvent {
  readonly triggerSource: PreAuthenticationTriggerSource
  readonly region: string
  readonly userPoolId: string
  readonly clientId: string
  /**
   * `undefined` when Cognito says the user does not exist (`userNotFound`,
   * sent when the app client prevents user-existence errors).
   */
  readonly user: CognitoUser | undefined
}

const HeaderSchema = v.looseObject(
  { version: v.string('is not a string'), triggerSource: v.string('is not a string') },
  'is not an object',
)

const EventSchema = v.looseObject(
  {
    region: requiredString,
    userPoolId: requiredString,
    userName: requiredString,
    callerContext: v.looseObject({ clientId: requiredString }, 'is not an object'),
    request: v.looseObject(
      {
        userAttributes: plainObject,
        userNotFound: v.nullish(v.boolean('is not a boolean')),
      },
      'is not an object',
    ),
  },
  'is not an object',
)

/**
 * Checks a pre-authentication event and reads what the trigger needs. Throws
 * `CognitoEventInvalidError` naming the field when the event is not a version
 * 1 `PreAuthentication_Authentication` event of the documented shape.
 *
 * @example
 * const { user } = parsePreAuthenticationEvent(event)
 * if (user) await checkIsActive({ profileService, subject: cognitoSubject(user), client, caller })
 */
export function parsePreAuthenticationEvent(event: unknown): ParsedPreAuthenticationEvent {
  const header = validateEvent(HeaderSchema, event)
  if (header.version !== '1') {
    throw new CognitoEventInvalidError('version', 'is not a supported version (1)')
  }
  if (header.triggerSource !== PRE_AUTHENTICATION_TRIGGER_SOURCE) {
    throw new CognitoEventInvalidError(
      'triggerSource',
      `is not ${PRE_AUTHENTICATION_TRIGGER_SOURCE}`,
    )
  }
  const body = validateEvent(EventSchema, event)
  return {
    triggerSource: PRE_AUTHENTICATION_TRIGGER_SOURCE,
    region: body.region,
    userPoolId: body.userPoolId,
    clientId: body.callerContext.clientId,
    user:
      body.request.userNotFound === true
        ? undefined
        : readCognitoUser(body.userName, body.request.userAttributes),
  }
}
