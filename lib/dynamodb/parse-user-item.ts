import type { StoredUser } from '../core/claims-store.js'
import { CorruptItemError } from './errors.js'
import { READABLE_SCHEMA_VERSIONS, userKey } from './item-keys.js'
import { type InvalidClaimReporter, parseStoredClaims } from './parse-stored-claims.js'
import { UNKNOWN_SCHEMA_VERSION } from './validate-item.js'

/** A user as read from the table, with the version a conditional write must name. */
export interface VersionedUser extends StoredUser {
  readonly version: number
}

/**
 * The user item for `sub`, validated: a whole-item problem throws
 * `CorruptItemError` naming the first bad attribute (in the order
 * schemaVersion, kind, version, sub, active, claims); each invalid claim is
 * dropped and reported, and its type kept in `unreadableClaimTypes`.
 */
export function parseUserItem(
  item: Readonly<Record<string, unknown>>,
  sub: string,
  report: InvalidClaimReporter,
): VersionedUser {
  const key = userKey(sub)
  const found = userItemProblem(item)
  if (found !== undefined) {
    const [attribute, problem] = found
    throw new CorruptItemError(
      key,
      attribute,
      item[attribute] === undefined ? 'is missing' : problem,
    )
  }
  if (item.sub !== sub) throw new CorruptItemError(key, 'sub', 'does not match the key')
  const unreadable: string[] = []
  const claims = parseStoredClaims(
    item.claims as readonly unknown[],
    { key, sub },
    report,
    unreadable,
  )
  return {
    sub,
    active: item.active as boolean,
    claims,
    version: item.version as number,
    ...(unreadable.length === 0 ? {} : { unreadableClaimTypes: unreadable }),
  }
}

/**
 * The first attribute of a user item that is not as written, and what is
 * wrong with it, in the words the configuration items' schemas use
 * (validate-item.ts). Written out rather than as a schema because every token
 * reads one user item, and a schema copies the claims list on the way.
 */
function userItemProblem(item: Readonly<Record<string, unknown>>): [string, string] | undefined {
  if (!READABLE_SCHEMA_VERSIONS.includes(item.schemaVersion as number)) {
    return ['schemaVersion', UNKNOWN_SCHEMA_VERSION]
  }
  if (item.kind !== 'user') return ['kind', 'is not "user"']
  const { version } = item
  if (typeof version !== 'number' || Number.isNaN(version)) return ['version', 'is not a number']
  if (!Number.isSafeInteger(version)) return ['version', 'is not a safe integer']
  if (version < 1) return ['version', 'is less than 1']
  if (typeof item.sub !== 'string') return ['sub', 'is not a string']
  if (item.sub === '') return ['sub', 'is empty']
  if (typeof item.active !== 'boolean') return ['active', 'is not a boolean']
  if (!Array.isArray(item.claims)) return ['claims', 'is not a list']
  return undefined
}
