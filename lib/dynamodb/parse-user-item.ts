import * as v from 'valibot'
import type { StoredUser } from '../core/claims-store.js'
import { CorruptItemError } from './errors.js'
import { userKey } from './item-keys.js'
import { type InvalidClaimReporter, parseStoredClaims } from './parse-stored-claims.js'
import { itemHeaderEntries, validateItem } from './validate-item.js'

/** A user as read from the table, with the version a conditional write must name. */
export interface VersionedUser extends StoredUser {
  readonly version: number
}

const UserItemSchema = v.object({
  ...itemHeaderEntries('user'),
  sub: v.pipe(v.string('is not a string'), v.nonEmpty('is empty')),
  active: v.boolean('is not a boolean'),
  claims: v.array(v.unknown(), 'is not a list'),
})

/**
 * The user item for `sub`, validated: a whole-item problem throws
 * `CorruptItemError`; each invalid claim is dropped and reported.
 */
export function parseUserItem(
  item: Readonly<Record<string, unknown>>,
  sub: string,
  report: InvalidClaimReporter,
): VersionedUser {
  const key = userKey(sub)
  const parsed = validateItem(UserItemSchema, item, key)
  if (parsed.sub !== sub) throw new CorruptItemError(key, 'sub', 'does not match the key')
  return {
    sub,
    active: parsed.active,
    claims: parseStoredClaims(parsed.claims, { key, sub }, report),
    version: parsed.version,
  }
}
