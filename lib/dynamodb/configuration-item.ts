import type { Claim } from '../core/claim.js'
import type { ApiResource, ApiScope, IdentityResource } from '../core/resources.js'
import type { ConfigurationItemKind } from './item-keys.js'

/**
 * A client as stored: the settings it leaves out get `CLIENT_DEFAULTS` when
 * configuration is loaded, so changing a default needs no data migration.
 */
export interface StoredClient {
  readonly clientId: string
  readonly allowedScopes?: readonly string[] | undefined
  readonly claims: readonly Claim[]
  readonly clientClaimsPrefix?: string | undefined
  readonly alwaysSendClientClaims?: boolean | undefined
  readonly alwaysIncludeUserClaimsInIdToken?: boolean | undefined
}

/**
 * One item of the `CONFIG` partition, as written and read.
 *
 * @example
 * const item: ConfigurationItem = { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['department'] } }
 */
export type ConfigurationItem =
  | { readonly kind: 'identityResource'; readonly value: IdentityResource }
  | { readonly kind: 'apiScope'; readonly value: ApiScope }
  | { readonly kind: 'apiResource'; readonly value: ApiResource }
  | { readonly kind: 'client'; readonly value: StoredClient }

/** A configuration item with the version a conditional write must name. */
export type VersionedConfigurationItem = ConfigurationItem & { readonly version: number }

/** The name a configuration item is keyed by: its name, or a client's id. */
export function configurationItemName(item: ConfigurationItem): string {
  return item.kind === 'client' ? item.value.clientId : item.value.name
}

/** Whether `kind` names a configuration item kind. */
export function isConfigurationItemKind(kind: unknown): kind is ConfigurationItemKind {
  return (
    kind === 'identityResource' ||
    kind === 'apiScope' ||
    kind === 'apiResource' ||
    kind === 'client'
  )
}
