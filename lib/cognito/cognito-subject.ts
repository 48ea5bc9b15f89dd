import type { Claim, Subject } from '../core/index.js'
import type { CognitoUser } from './cognito-user.js'

/**
 * The standard attributes Cognito types in its tokens, with the value types
 * that read them so: in a subject they are never strings, so a profile service
 * that passes them on never emits them wrongly typed. Every other attribute,
 * `custom:*` ones included, is a string, as Cognito sends it.
 */
export const COGNITO_ATTRIBUTE_VALUE_TYPES: ReadonlyMap<string, string> = new Map([
  ['email_verified', 'boolean'],
  ['phone_number_verified', 'boolean'],
  // Seconds since 1970: past 2038 it no longer fits 32 bits.
  ['updated_at', 'integer64'],
])

/** The claim type the user name is given in a subject, as Cognito names it in the ID token. */
export const COGNITO_USERNAME_CLAIM = 'cognito:username'

/**
 * The subject of a token request: the user's attributes as claims, typed as in
 * `COGNITO_ATTRIBUTE_VALUE_TYPES`, and the user name as `cognito:username`.
 * Users can write many of their own attributes, so the default profile
 * service never lets these claims override stored ones.
 *
 * @example
 * cognitoSubject({ userName: 'jane', sub: 's-1', attributes: new Map([['sub', 's-1'], ['email_verified', 'true']]) })
 * // { sub: 's-1', claims: [{ type: 'sub', value: 's-1' },
 * //   { type: 'email_verified', value: 'true', valueType: 'boolean' },
 * //   { type: 'cognito:username', value: 'jane' }] }
 */
export function cognitoSubject(user: CognitoUser): Subject {
  const claims: Claim[] = []
  for (const [type, value] of user.attributes) {
    if (type === COGNITO_USERNAME_CLAIM) continue
    const valueType = COGNITO_ATTRIBUTE_VALUE_TYPES.get(type)
    claims.push(valueType === undefined ? { type, value } : { type, value, valueType })
  }
  claims.push({ type: COGNITO_USERNAME_CLAIM, value: user.userName })
  return { sub: user.sub, claims }
}
