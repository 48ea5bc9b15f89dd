import type { StoredUser } from '../core/claims-store.js'
import { CLAIMS_SCHEMA_VERSION, type ItemKey, userKey } from './item-keys.js'

/**
 * An item as the table stores it: its key, kind, schema version and version
 * counter, then its own attributes. Every writer builds items here, so the
 * shape has one definition.
 *
 * @example
 * storedItem(configurationItemKey('apiScope', 'orders/read'), 'apiScope', 1, { name, userClaims })
 */
export function storedItem(
  key: ItemKey,
  kind: string,
  version: number,
  attributes: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return { ...key, kind, schemaVersion: CLAIMS_SCHEMA_VERSION, version, ...attributes }
}

/**
 * A user's item at `version`.
 *
 * @example
 * userItem({ sub, active: true, claims }, 1)
 */
export function userItem(user: StoredUser, version: number): Record<string, unknown> {
  return storedItem(userKey(user.sub), 'user', version, {
    sub: user.sub,
    active: user.active,
    claims: user.claims,
    ...(user.tokensValidAfter === undefined ? {} : { tokensValidAfter: user.tokensValidAfter }),
  })
}
