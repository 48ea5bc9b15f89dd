/** The primary key of an item in the claims table. */
export interface ItemKey {
  readonly pk: string
  readonly sk: string
}

/** The kinds of configuration item, one per sort-key prefix in the `CONFIG` partition. */
export type ConfigurationItemKind = 'identityResource' | 'apiScope' | 'apiResource' | 'client'

/** The shape version every item is written with; readers refuse any other. */
export const CLAIMS_SCHEMA_VERSION = 1

/** The partition key all configuration items share, so one Query loads them all. */
export const CONFIGURATION_PARTITION = 'CONFIG'

/** The sort key of every user item. */
export const USER_SORT_KEY = 'PROFILE'

export const USER_KEY_PREFIX = 'USER#'

const SORT_KEY_PREFIXES: Readonly<Record<ConfigurationItemKind, string>> = Object.freeze({
  identityResource: 'IDENTITY_RESOURCE#',
  apiScope: 'API_SCOPE#',
  apiResource: 'API_RESOURCE#',
  client: 'CLIENT#',
})

/**
 * The key of a user's item.
 *
 * @example
 * userKey('8f1c0a2e-0000-4000-8000-000000000001')
 * // { pk: 'USER#8f1c0a2e-0000-4000-8000-000000000001', sk: 'PROFILE' }
 */
export function userKey(sub: string): ItemKey {
  return { pk: `${USER_KEY_PREFIX}${sub}`, sk: USER_SORT_KEY }
}

/**
 * The key of a configuration item; `name` is the client id for a client.
 *
 * @example
 * configurationItemKey('apiScope', 'orders/read') // { pk: 'CONFIG', sk: 'API_SCOPE#orders/read' }
 */
export function configurationItemKey(kind: ConfigurationItemKind, name: string): ItemKey {
  return { pk: CONFIGURATION_PARTITION, sk: `${SORT_KEY_PREFIXES[kind]}${name}` }
}

/** The kind and name a configuration sort key encodes, or `undefined` for an unknown prefix. */
export function parseConfigurationSortKey(
  sk: string,
): { readonly kind: ConfigurationItemKind; readonly name: string } | undefined {
  for (const [kind, prefix] of Object.entries(SORT_KEY_PREFIXES) as [
    ConfigurationItemKind,
    string,
  ][]) {
    if (sk.startsWith(prefix)) return { kind, name: sk.slice(prefix.length) }
  }
  return undefined
}
