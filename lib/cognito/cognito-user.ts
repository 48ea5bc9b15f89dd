import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'

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
 * `request.userAttributes` is an object. An attribute whose value is not a
 * string (Cognito sends strings today) is left out: never a reason to refuse
 * a sign-in, and never a subject claim that could stand in for a stored one.
 * `sub` must be a non-empty string, or it throws `CognitoEventInvalidError`.
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
    if (typeof value === 'string') attributes.set(name, value)
  }
  const sub = attributes.get('sub')
  if (sub === undefined) {
    const raw = Object.hasOwn(userAttributes, 'sub') ? userAttributes.sub : undefined
    throw new CognitoEventInvalidError(
      'request.userAttributes.sub',
      raw === undefined ? 'is missing' : 'is not a string',
    )
  }
  if (sub === '') throw new CognitoEventInvalidError('request.userAttributes.sub', 'is empty')
  return { userName, sub, attributes }
}
