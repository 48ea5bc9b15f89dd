/** The primary key of an item in the claims table. */
export interface ItemKey {
  readonly pk: string
  readonly sk: string
}

/** The kinds of configuration item: the resources, in the `CONFIG` partition, and clients. */
export type ConfigurationItemKind = 'identityResource' | 'apiScope' | 'apiResource' | 'client'

/**
 * The schema version every item is written with. Version 2 keys each client
 * by its own partition; version 1 kept clients in `CONFIG`. The shapes of the
 * items are the same in both, so readers take either
 * (`READABLE_SCHEMA_VERSIONS`); `claimsmith migrate` moves version-1 clients.
 */
export const CLAIMS_SCHEMA_VERSION = 2

/** The schema versions readers accept. */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = Object.freeze([1, CLAIMS_SCHEMA_VERSION])

/** The partition key the resources share, so one small Query loads them all. */
export const CONFIGURATION_PARTITION = 'CONFIG'

/** The sort key of every client item (schema version 2). */
export const CLIENT_SORT_KEY = 'CLIENT'

export const CLIENT_KEY_PREFIX = 'CLIENT#'

/** The sort key of every user item. */
export const USER_SORT_KEY = 'PROFILE'

export const USER_KEY_PREFIX = 'USER#'

const SORT_KEY_PREFIXES: Readonly<Record<ConfigurationItemKind, string>> = Object.freeze({
  identityResource: 'IDENTITY_RESOURCE#',
  apiScope: 'API_SCOPE#',
  apiResource: 'API_RESOURCE#',
  client: CLIENT_KEY_PREFIX,
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
 * The key of a configuration item; `name` is the client id for a client,
 * which has a partition of its own so that looking one up reads nothing else.
 *
 * @example
 * configurationItemKey('apiScope', 'orders/read') // { pk: 'CONFIG', sk: 'API_SCOPE#orders/read' }
 * configurationItemKey('client', 'web') // { pk: 'CLIENT#web', sk: 'CLIENT' }
 */
export function configurationItemKey(kind: ConfigurationItemKind, name: string): ItemKey {
  if (kind === 'client') return { pk: `${CLIENT_KEY_PREFIX}${name}`, sk: CLIENT_SORT_KEY }
  return { pk: CONFIGURATION_PARTITION, sk: `${SORT_KEY_PREFIXES[kind]}${name}` }
}

/** Where schema version 1 kept a client: in the `CONFIG` partition, beside the resources. */
export function legacyClientKey(clientId: string): ItemKey {
  return { pk: CONFIGURATION_PARTITION, sk: `${CLIENT_KEY_PREFIX}${clientId}` }
}

/**
 * The kind and name a configuration item's key encodes, or `undefined` when
 * it is no configuration key. A client in `CONFIG` is a schema-1 client
 * (`legacy`).
 */
export function parseConfigurationKey(
  key: ItemKey,
):
  | { readonly kind: ConfigurationItemKind; readonly name: string; readonly legacy: boolean }
  | undefined {
  const { pk, sk } = key
  if (pk !== CONFIGURATION_PARTITION) {
    return pk.startsWith(CLIENT_KEY_PREFIX) && sk === CLIENT_SORT_KEY
      ? { kind: 'client', name: pk.slice(CLIENT_KEY_PREFIX.length), legacy: false }
      : undefined
  }
  for (const [kind, prefix] of Object.entries(SORT_KEY_PREFIXES) as [
    ConfigurationItemKind,
    string,
  ][]) {
    if (sk.startsWith(prefix)) {
      return { kind, name: sk.slice(prefix.length), legacy: kind === 'client' }
    }
  }
  return undefined
}
