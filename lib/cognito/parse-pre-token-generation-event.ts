import * as v from 'valibot'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { type CognitoUser, readCognitoUser } from './cognito-user.js'
import {
  CLIENT_CREDENTIALS_TRIGGER_SOURCE,
  USER_TOKEN_TRIGGER_SOURCES,
  type UserTokenTriggerSource,
} from './trigger-sources.js'
import { plainObject, requiredString, validateEvent } from './validate-event.js'

/** The `version` of a pre-token-generation event: V1_0, V2_0 or V3_0. */
export type PreTokenGenerationVersion = '1' | '2' | '3'

const VERSIONS: readonly string[] = ['1', '2', '3']

interface PreTokenGenerationEventCommon {
  readonly region: string
  readonly userPoolId: string
  readonly clientId: string
  /** `request.scopes` as sent; `undefined` in version 1 events, which carry none. */
  readonly scopes: readonly string[] | undefined
}

/** A user's sign-in or refresh: version 1, 2 or 3. */
export interface UserTokenGenerationEvent extends PreTokenGenerationEventCommon {
  readonly version: PreTokenGenerationVersion
  readonly triggerSource: UserTokenTriggerSource
  readonly user: CognitoUser
}

/** A client-credentials grant (version 3 only): no user, an access token only. */
export interface ClientCredentialsTokenGenerationEvent extends PreTokenGenerationEventCommon {
  readonly version: '3'
  readonly triggerSource: typeof CLIENT_CREDENTIALS_TRIGGER_SOURCE
  readonly user: undefined
}

/**
 * A pre-token-generation event, checked and reduced to what the trigger reads.
 *
 * @example
 * const parsed: ParsedPreTokenGenerationEvent = parsePreTokenGenerationEvent(event)
 * if (parsed.triggerSource === 'TokenGeneration_ClientCredentials') parsed.user // undefined
 */
export type ParsedPreTokenGenerationEvent =
  | UserTokenGenerationEvent
  | ClientCredentialsTokenGenerationEvent

const HeaderSchema = v.looseObject(
  { version: v.string('is not a string'), triggerSource: v.string('is not a string') },
  'is not an object',
)

const scopesSchema = v.nullish(v.array(v.string('is not a string'), 'is not a list'))

const commonEntries = {
  region: requiredString,
  userPoolId: requiredString,
  callerContext: v.looseObject({ clientId: requiredString }, 'is not an object'),
}

const UserEventSchema = v.looseObject(
  {
    ...commonEntries,
    userName: requiredString,
    request: v.looseObject(
      { userAttributes: plainObject, scopes: scopesSchema },
      'is not an object',
    ),
  },
  'is not an object',
)

// Cognito sends no user in a client-credentials event; whatever sits in
// userName or userAttributes there is not read.
const ClientCredentialsEventSchema = v.looseObject(
  {
    ...commonEntries,
    request: v.looseObject({ scopes: scopesSchema }, 'is not an object'),
  },
  'is not an object',
)

function isUserTriggerSource(source: string): source is UserTokenTriggerSource {
  return (USER_TOKEN_TRIGGER_SOURCES as readonly string[]).includes(source)
}

/**
 * Checks a pre-token-generation event (versions 1, 2 and 3) and reads what the
 * trigger needs. Throws `CognitoEventInvalidError` naming the field for an
 * unknown version or trigger source or a field that is missing or of the wrong
 * type; the message never quotes a value.
 *
 * @example
 * const parsed = parsePreTokenGenerationEvent(event)
 * if (parsed.user) store.findUser(parsed.user.sub)
 */
export function parsePreTokenGenerationEvent(event: unknown): ParsedPreTokenGenerationEvent {
  const header = validateEvent(HeaderSchema, event)
  if (!VERSIONS.includes(header.version)) {
    throw new CognitoEventInvalidError('version', 'is not a supported version (1, 2 or 3)')
  }
  const version = header.version as PreTokenGenerationVersion
  const source = header.triggerSource

  if (source === CLIENT_CREDENTIALS_TRIGGER_SOURCE) {
    if (version !== '3') {
      throw new CognitoEventInvalidError('triggerSource', 'is sent in version 3 events only')
    }
    const body = validateEvent(ClientCredentialsEventSchema, event)
    return {
      version,
      triggerSource: source,
      region: body.region,
      userPoolId: body.userPoolId,
      clientId: body.callerContext.clientId,
      scopes: body.request.scopes ?? [],
      user: undefined,
    }
  }
  if (!isUserTriggerSource(source)) {
    throw new CognitoEventInvalidError('triggerSource', 'is not a pre token generation source')
  }
  const body = validateEvent(UserEventSchema, event)
  return {
    version,
    triggerSource: source,
    region: body.region,
    userPoolId: body.userPoolId,
    clientId: body.callerContext.clientId,
    scopes: version === '1' ? undefined : (body.request.scopes ?? []),
    user: readCognitoUser(body.userName, body.request.userAttributes),
  }
}
