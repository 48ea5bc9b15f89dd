import * as v from 'valibot'
import { CorruptItemError } from './errors.js'
import { type ItemKey, READABLE_SCHEMA_VERSIONS } from './item-keys.js'

/** What a reader says of an item whose `schemaVersion` it does not know. */
export const UNKNOWN_SCHEMA_VERSION = `is not ${READABLE_SCHEMA_VERSIONS.join(' or ')} (unknown schema version)`

/**
 * The attributes every item starts with. The schema version comes first so an
 * item of an unknown shape is reported as such, not by whichever attribute of
 * the new shape happens to differ.
 */
export function itemHeaderEntries<const TKind extends string>(kind: TKind) {
  return {
    schemaVersion: v.picklist(READABLE_SCHEMA_VERSIONS, UNKNOWN_SCHEMA_VERSION),
    kind: v.literal(kind, `is not "${kind}"`),
    version: v.pipe(
      v.number('is not a number'),
      v.safeInteger('is not a safe integer'),
      v.minValue(1, 'is less than 1'),
    ),
  }
}

/** The list-of-strings attributes (`userClaims`, `scopes`, `allowedScopes`). */
export const stringListSchema = v.array(
  v.string('has an entry that is not a string'),
  'is not a list',
)

/**
 * The item, checked against `schema`; the first problem becomes a
 * `CorruptItemError` naming the attribute. Messages come from the schemas, so
 * they never echo a stored value.
 */
export function validateItem<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  item: Readonly<Record<string, unknown>>,
  key: ItemKey,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, item, { abortEarly: true })
  if (result.success) return result.output
  const issue = result.issues[0]
  const attribute = String(issue.path?.[0]?.key ?? 'item')
  throw new CorruptItemError(
    key,
    attribute,
    item[attribute] === undefined ? 'is missing' : issue.message,
  )
}
