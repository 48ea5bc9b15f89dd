import * as v from 'valibot'
import { CognitoEventInvalidError } from './cognito-event-invalid-error.js'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const MAX_KEY_LENGTH = 64

/**
 * One step of a field path: `.name` for plain names, `["custom:x"]` for the
 * rest, `[0]` for list positions. Keys are cut short because an attacker can
 * choose them; they are names, never values.
 *
 * @example
 * pathStep('sub') // '.sub'
 * pathStep('custom:tier') // '["custom:tier"]'
 */
export function pathStep(key: unknown): string {
  if (typeof key === 'number') return `[${key}]`
  const name = String(key)
  const shown = name.length > MAX_KEY_LENGTH ? `${name.slice(0, MAX_KEY_LENGTH)}…` : name
  return IDENTIFIER.test(name) ? `.${shown}` : `[${JSON.stringify(shown)}]`
}

/**
 * A field's path from its keys.
 *
 * @example
 * fieldPath(['request', 'scopes', 1]) // 'request.scopes[1]'
 */
export function fieldPath(keys: readonly unknown[]): string {
  return keys.map(pathStep).join('').replace(/^\./, '')
}

/**
 * The event checked against `schema`; the first problem becomes a
 * `CognitoEventInvalidError` naming the field. Every schema given here carries
 * its own messages ("is not a string"), because valibot's default messages
 * quote the value received.
 *
 * @example
 * const header = validateEvent(v.object({ version: v.string('is not a string') }, 'is not an object'), event)
 */
export function validateEvent<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input, { abortEarly: true })
  if (result.success) return result.output
  const issue = result.issues[0]
  const keys = (issue.path ?? []).map((step) => step.key)
  throw new CognitoEventInvalidError(
    fieldPath(keys),
    issue.input === undefined && keys.length > 0 ? 'is missing' : issue.message,
  )
}

/** A required, non-empty string field. */
export const requiredString = v.pipe(v.string('is not a string'), v.nonEmpty('is empty'))

/** A JSON object (not null, not a list), left as it is. */
export const plainObject = v.custom<Readonly<Record<string, unknown>>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'is not an object',
)
