import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
import { pathStep } from './validate-event.js'

/**
 * The user a trigger event is about, as Cognito describes it: the user name
 * and the attributes (`request.userAttributes`). The attributes are a Map, so
 * an attribute named `__proto__` or `constructor` is an ordinary entry.
 *
 * @example
 * const user: CognitoUser = { userName: 'jane', sub: 'a1b2…', attributes: new Map([['sub', 'a1b2…']]) }
 */
export interface CognitoUser {
  readonly userName: string
  /** `userAttributes.sub`: the key of the user's record in the store. */
  readonly sub: string
  readonly attributes: ReadonlyMap<string, string>
}

/**
 * Reads the user from an event whose `userName` is a string and whose
 * `request.userAttributes` is an object; each attribute must be a string and
 * `sub` must be present, or it throws `CognitoEventInvalidError`.
 *
 * @example
 * readCognitoUser('jane', { sub: 's-1', email: 'a@example.com' }).attributes.get('email') // 'a@example.com'
 */
export function readCognitoUser(
  userName: string,
  userAttributes: Readonly<Record<string, unknown>>,
): CognitoUser {
  const attributes = new Map<string, string>()
  // Object.entries yields own keys only, including an own "__proto__" that
  // JSON.parse creates, and never touches a prototype.
  for (const [name, value] of Object.entries(userAttributes)) {
    if (typeof value !== 'string') {
      throw new CognitoEventInvalidError(
        `request.userAttributes${pathStep(name)}`,
        'is not a string',
      )
    }
    attributes.set(name, value)
  }
  const sub = attributes.get('sub')
  if (sub === undefined)
    throw new CognitoEventInvalidError('request.userAttributes.sub', 'is missing')
  if (sub === '') throw new CognitoEventInvalidError('request.userAttributes.sub', 'is empty')
  return { userName, sub, attributes }
}
