import type { JsonValue } from '../core/index.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'

/**
 * The ID-token claims Cognito types itself, and the only shape a trigger may
 * give them: per the Cognito developer guide, `email_verified`,
 * `phone_number_verified`, `updated_at` and `address` may not be complex
 * objects in the ID token.
 */
export const COGNITO_TYPED_ID_TOKEN_CLAIMS: ReadonlyMap<string, 'boolean' | 'integer' | 'text'> =
  new Map([
    ['email_verified', 'boolean'],
    ['phone_number_verified', 'boolean'],
    ['updated_at', 'integer'],
    ['address', 'text'],
  ])

/** Why a Cognito-typed claim was left out of the ID token. */
export type IdTokenValueProblem =
  | 'not-a-boolean'
  | 'not-an-integer'
  | 'no-value'
  /** Version 1 takes strings only, and a string would downgrade Cognito's type. */
  | 'strings-only-event'

/** The value to put in the ID token, or why there is none. */
export type IdTokenClaimValue =
  | { readonly ok: true; readonly value: JsonValue; readonly reduced: boolean }
  | { readonly ok: false; readonly problem: IdTokenValueProblem }

/**
 * The value a claim takes in the ID token. Other types pass unchanged. For the
 * Cognito-typed ones (`COGNITO_TYPED_ID_TOKEN_CLAIMS`):
 * - several values (an array) are reduced to the first, in stored order: the
 *   claim has one value in Cognito's own tokens, and the store's order is the
 *   only preference it expresses;
 * - `email_verified` and `phone_number_verified` must be booleans and
 *   `updated_at` an integer, or they are left out: never downgraded to a
 *   string, and so never sent in version 1 events, which take strings only;
 * - `address` is sent as text: a string as it is, anything else as its
 *   compact JSON text.
 *
 * @example
 * idTokenClaimValue('address', { formatted: '1 Main St' }, '2') // { ok: true, value: '{"formatted":"1 Main St"}', reduced: false }
 * idTokenClaimValue('email_verified', true, '1') // { ok: false, problem: 'strings-only-event' }
 */
export function idTokenClaimValue(
  type: string,
  value: JsonValue,
  version: PreTokenGenerationVersion,
): IdTokenClaimValue {
  const shape = COGNITO_TYPED_ID_TOKEN_CLAIMS.get(type)
  if (shape === undefined) return { ok: true, value, reduced: false }
  const reduced = Array.isArray(value)
  const first = Array.isArray(value) ? value[0] : value
  if (first === undefined || first === null) return { ok: false, problem: 'no-value' }
  switch (shape) {
    case 'text':
      return { ok: true, value: typeof first === 'string' ? first : JSON.stringify(first), reduced }
    case 'boolean':
      if (typeof first !== 'boolean') return { ok: false, problem: 'not-a-boolean' }
      break
    case 'integer':
      if (typeof first !== 'number' || !Number.isInteger(first)) {
        return { ok: false, problem: 'not-an-integer' }
      }
      break
  }
  if (version === '1') return { ok: false, problem: 'strings-only-event' }
  return { ok: true, value: first, reduced }
}
