import * as v from 'valibot'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { type CognitoUser, readCognitoUser } from './cognito-user.js'
import {
  unrecognizedText as cut,
  type UnrecognizedEventFields,
} from './parse-pre-token-generation-event.js'
import {
  PRE_AUTHENTICATION_TRIGGER_SOURCE,
  type PreAuthenticationTriggerSource,
} from './trigger-sources.js'
import { plainObject, requiredString, validateEvent } from './validate-event.js'

/** A pre-authentication event, checked and reduced to what the trigger reads. */
export interface ParsedPreAuthenticationEvent {
  /** `PreAuthentication_Authentication`, or a source Cognito added since. */
  readonly triggerSource: PreAuthenticationTriggerSource | (string & {})
  /** Set when the event had a version or trigger source this release does not know. */
  readonly unrecognized?: UnrecognizedEventFields
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
  { version: v.unknown(), triggerSource: v.string('is not a string') },
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
        userAttributes: v.optional(plainObject),
        userNotFound: v.nullish(v.boolean('is not a boolean')),
      },
      'is not an object',
    ),
  },
  'is not an object',
)

const KNOWN_VERSION = '1'

/**
 * Checks a pre-authentication event and reads what the trigger needs,
 * tolerant where Cognito decides: any `version`, any trigger source (an
 * unknown one is reported in `unrecognized`), unknown fields ignored, and
 * no `userAttributes` needed when `userNotFound` is true. Throws
 * `CognitoEventInvalidError` naming the field when a field it reads has the
 * wrong type, or a found user has no `sub`.
 *
 * @example
 * const { user } = parsePreAuthenticationEvent(event)
 * if (user) await checkIsActive({ profileService, subject: cognitoSubject(user), client, caller })
 */
export function parsePreAuthenticationEvent(event: unknown): ParsedPreAuthenticationEvent {
  const header = validateEvent(HeaderSchema, event)
  const body = validateEvent(EventSchema, event)
  const unrecognized: { version?: string; triggerSource?: string } = {}
  if (header.version !== KNOWN_VERSION) unrecognized.version = cut(String(header.version))
  if (header.triggerSource !== PRE_AUTHENTICATION_TRIGGER_SOURCE) {
    unrecognized.triggerSource = cut(header.triggerSource)
  }
  const { userAttributes, userNotFound } = body.request
  if (userNotFound !== true && userAttributes === undefined) {
    throw new CognitoEventInvalidError('request.userAttributes', 'is missing')
  }
  return {
    triggerSource: header.triggerSource,
    ...(Object.keys(unrecognized).length === 0 ? {} : { unrecognized }),
    region: body.region,
    userPoolId: body.userPoolId,
    clientId: body.callerContext.clientId,
    user:
      userNotFound === true || userAttributes === undefined
        ? undefined
        : readCognitoUser(body.userName, userAttributes),
  }
}
