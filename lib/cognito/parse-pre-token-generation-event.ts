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

/**
 * What an event carried that this release does not know, as sent (cut
 * short for the log): a newer `version`, a new `triggerSource`.
 */
export interface UnrecognizedEventFields {
  readonly version?: string
  readonly triggerSource?: string
}

interface PreTokenGenerationEventCommon {
  readonly region: string
  readonly userPoolId: string
  readonly clientId: string
  /** `request.scopes` as sent; `undefined` in version 1 events, which carry none. */
  readonly scopes: readonly string[] | undefined
  /** Set when the event had a version or trigger source this release does not know. */
  readonly unrecognized?: UnrecognizedEventFields
}

/**
 * A user's sign-in or refresh: version 1, 2 or 3 (a newer version is read
 * as the one whose response shape its `response` shows). `triggerSource` is
 * one of `USER_TOKEN_TRIGGER_SOURCES`, or a source Cognito added since,
 * served as a sign-in.
 */
export interface UserTokenGenerationEvent extends PreTokenGenerationEventCommon {
  readonly version: PreTokenGenerationVersion
  readonly triggerSource: UserTokenTriggerSource | (string & {})
  readonly user: CognitoUser
}

/** A client-credentials grant (version 3 only): no user, an access token only. */
export interface ClientCredentialsTokenGenerationEvent extends PreTokenGenerationEventCommon {
  readonly version: '3'
  readonly triggerSource: typeof CLIENT_CREDENTIALS_TRIGGER_SOURCE
  readonly user: undefined
}

/**
 * An event of a version this release does not know whose `response` shows
 * no response shape it knows either: the trigger hands it back unenriched,
 * never guessing at a shape Cognito might refuse. `user` is the user when
 * the event still carries one where versions 1 to 3 do (so an inactive user
 * is refused all the same); `undefined` for a client-credentials grant or a
 * user the event no longer shows there.
 */
export interface UnansweredTokenGenerationEvent extends PreTokenGenerationEventCommon {
  readonly version: undefined
  readonly triggerSource: string
  readonly user: CognitoUser | undefined
  readonly unrecognized: UnrecognizedEventFields
}

/**
 * A pre-token-generation event, checked and reduced to what the trigger reads.
 *
 * @example
 * const parsed: ParsedPreTokenGenerationEvent = parsePreTokenGenerationEvent(event)
 * if (parsed.version === undefined) return event // a version and response shape from the future
 * if (parsed.triggerSource === 'TokenGeneration_ClientCredentials') parsed.user // undefined
 */
export type ParsedPreTokenGenerationEvent =
  | AnsweredTokenGenerationEvent
  | UnansweredTokenGenerationEvent

/** An event the trigger answers: a user's, or a client-credentials grant. */
export type AnsweredTokenGenerationEvent =
  | UserTokenGenerationEvent
  | ClientCredentialsTokenGenerationEvent

const MAX_UNRECOGNIZED_LENGTH = 64

/** Every pre-token-generation source starts so, those Cognito adds later too. */
const TOKEN_GENERATION_PREFIX = 'TokenGeneration_'

/** An unrecognized value as the log gets it: cut short, since the sender chooses it. */
export const unrecognizedText = (text: string): string =>
  text.length > MAX_UNRECOGNIZED_LENGTH ? `${text.slice(0, MAX_UNRECOGNIZED_LENGTH)}…` : text

const cut = unrecognizedText

/** Where an event comes from: region, pool and app client. */
function origin(body: {
  readonly region: string
  readonly userPoolId: string
  readonly callerContext: { readonly clientId: string }
}) {
  return { region: body.region, userPoolId: body.userPoolId, clientId: body.callerContext.clientId }
}

/**
 * The version an event is answered as: its own when known; for a newer one,
 * the newest whose response object its `response` shows
 * (`claimsAndScopeOverrideDetails` for 3, which answers as 2 does for a
 * user, `claimsOverrideDetails` for 1); `undefined` when it shows neither.
 */
function answeredVersion(
  version: string,
  response: unknown,
): PreTokenGenerationVersion | undefined {
  if (VERSIONS.includes(version)) return version as PreTokenGenerationVersion
  if (typeof response !== 'object' || response === null) return undefined
  if (Object.hasOwn(response, 'claimsAndScopeOverrideDetails')) return '3'
  if (Object.hasOwn(response, 'claimsOverrideDetails')) return '1'
  return undefined
}

const HeaderSchema = v.looseObject(
  {
    version: v.string('is not a string'),
    triggerSource: v.string('is not a string'),
    response: v.unknown(),
  },
  'is not an object',
)

const scopesSchema = v.nullish(v.array(v.string('is not a string'), 'is not a list'))

const commonEntries = {
  region: requiredString,
  userPoolId: requiredString,
  callerContext: v.looseObject({ clientId: requiredString }, 'is not an object'),
}

const CommonSchema = v.looseObject(commonEntries, 'is not an object')

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
 * Checks a pre-token-generation event and reads what the trigger needs,
 * tolerant where Cognito decides: unknown fields are ignored, a newer
 * `version` is read by its response shape (or left unanswered when it shows
 * none), an unknown `TokenGeneration_*` source with a user is read as a
 * sign-in, and a user attribute that is not a string is left out. It throws
 * `CognitoEventInvalidError` naming the field when it cannot know what it
 * must read: no `sub` for a user flow, or a field of the wrong type (such as
 * `request` not an object); the message never quotes a value.
 *
 * @example
 * const parsed = parsePreTokenGenerationEvent(event)
 * if (parsed.user) store.findUser(parsed.user.sub)
 */
export function parsePreTokenGenerationEvent(event: unknown): ParsedPreTokenGenerationEvent {
  const header = validateEvent(HeaderSchema, event)
  const source = header.triggerSource
  const version = answeredVersion(header.version, header.response)
  const unknownVersion = VERSIONS.includes(header.version) ? {} : { version: cut(header.version) }

  if (version === undefined) {
    if (!source.startsWith(TOKEN_GENERATION_PREFIX)) {
      throw new CognitoEventInvalidError('triggerSource', 'is not a pre token generation source')
    }
    const withUser =
      source === CLIENT_CREDENTIALS_TRIGGER_SOURCE ? undefined : v.safeParse(UserEventSchema, event)
    return {
      version,
      triggerSource: source,
      ...origin(validateEvent(CommonSchema, event)),
      scopes: undefined,
      user: withUser?.success
        ? readCognitoUser(withUser.output.userName, withUser.output.request.userAttributes)
        : undefined,
      unrecognized: {
        ...unknownVersion,
        ...(isUserTriggerSource(source) || source === CLIENT_CREDENTIALS_TRIGGER_SOURCE
          ? {}
          : { triggerSource: cut(source) }),
      },
    }
  }

  if (source === CLIENT_CREDENTIALS_TRIGGER_SOURCE) {
    if (version !== '3') {
      throw new CognitoEventInvalidError('triggerSource', 'is sent in version 3 events only')
    }
    const body = validateEvent(ClientCredentialsEventSchema, event)
    return {
      version,
      triggerSource: source,
      ...origin(body),
      scopes: body.request.scopes ?? [],
      user: undefined,
      ...(header.version === version ? {} : { unrecognized: unknownVersion }),
    }
  }
  const known = isUserTriggerSource(source)
  if (!known && !source.startsWith(TOKEN_GENERATION_PREFIX)) {
    // Another trigger's event: the function is attached to the wrong trigger.
    throw new CognitoEventInvalidError('triggerSource', 'is not a pre token generation source')
  }
  const unrecognized = { ...unknownVersion, ...(known ? {} : { triggerSource: cut(source) }) }
  const body = validateEvent(UserEventSchema, event)
  return {
    version,
    triggerSource: source,
    ...origin(body),
    scopes: version === '1' ? undefined : (body.request.scopes ?? []),
    user: readCognitoUser(body.userName, body.request.userAttributes),
    ...(Object.keys(unrecognized).length === 0 ? {} : { unrecognized }),
  }
}
