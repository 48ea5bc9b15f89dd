import { Document, isSeq, visit } from 'yaml'
import { PACKAGE_SCHEMA_REFERENCE } from '../configuration-file/index.js'
import type { Claim } from '../core/claim.js'
import type { ApiResource, ApiScope, IdentityResource } from '../core/resources.js'
import type { ClaimsTableExport, StoredClient } from '../dynamodb/index.js'
import { NEEDS_DOUBLE_QUOTES } from './format-flow-yaml.js'
import { normalizeClaim, storedClient } from './plan-item.js'

/** A user as the configuration file writes it: `active` only when false. */
export interface ExportedUser {
  readonly sub: string
  readonly active?: false
  readonly claims: readonly Claim[]
}

/** A client as the configuration file writes it: defaults and empty claims left out. */
export type ExportedClient = Omit<StoredClient, 'claims'> & { readonly claims?: readonly Claim[] }

/**
 * The data of a configuration file, as export writes it: sections in file
 * order, each sorted by name, client id or sub; empty sections left out.
 */
export interface ConfigurationFileData {
  readonly identityResources?: readonly IdentityResource[]
  readonly apiScopes?: readonly ApiScope[]
  readonly apiResources?: readonly ApiResource[]
  readonly clients?: readonly ExportedClient[]
  readonly users?: readonly ExportedUser[]
}

/** The file formats export writes. */
export type ConfigurationFileFormat = 'yaml' | 'json'

/** Options for `formatConfigurationFile`. */
export interface FormatConfigurationFileOptions {
  /** Where editors find the JSON Schema; `null` leaves the reference out. Default: the package's copy. */
  readonly schemaReference?: string | null
}

function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function exportedClient(client: StoredClient): ExportedClient {
  const { claims, ...rest } = storedClient(client)
  return claims.length === 0 ? rest : { ...rest, claims }
}

/**
 * The table's contents as configuration file data: the same shape the
 * validator reads, with defaults left out the way apply stores them (a
 * client's `clientClaimsPrefix: client_`, `alwaysSendClientClaims: false`
 * and empty claims, a user's `active: true`) and claims in stored order. So
 * export, apply on an empty table and export again gives the same text.
 *
 * @example
 * const data = exportConfiguration(await exportClaimsTable({ client, tableName }))
 * formatConfigurationFile(data, 'yaml')
 */
export function exportConfiguration(exported: ClaimsTableExport): ConfigurationFileData {
  const identityResources: IdentityResource[] = []
  const apiScopes: ApiScope[] = []
  const apiResources: ApiResource[] = []
  const clients: ExportedClient[] = []
  for (const item of exported.configuration) {
    switch (item.kind) {
      case 'identityResource':
        identityResources.push({ name: item.value.name, userClaims: [...item.value.userClaims] })
        break
      case 'apiScope':
        apiScopes.push({ name: item.value.name, userClaims: [...item.value.userClaims] })
        break
      case 'apiResource':
        apiResources.push({
          name: item.value.name,
          scopes: [...item.value.scopes],
          userClaims: [...item.value.userClaims],
        })
        break
      case 'client':
        clients.push(exportedClient(item.value))
        break
    }
  }
  const users: ExportedUser[] = exported.users.map((user) => ({
    sub: user.sub,
    ...(user.active ? {} : { active: false as const }),
    claims: user.claims.map(normalizeClaim),
  }))
  const byName = (entry: { name: string }) => entry.name
  return {
    ...(identityResources.length > 0
      ? { identityResources: sortedBy(identityResources, byName) }
      : {}),
    ...(apiScopes.length > 0 ? { apiScopes: sortedBy(apiScopes, byName) } : {}),
    ...(apiResources.length > 0 ? { apiResources: sortedBy(apiResources, byName) } : {}),
    ...(clients.length > 0 ? { clients: sortedBy(clients, (client) => client.clientId) } : {}),
    ...(users.length > 0 ? { users: sortedBy(users, (user) => user.sub) } : {}),
  }
}

const FLOW_LISTS = new Set(['userClaims', 'scopes', 'allowedScopes'])

function yamlText(data: ConfigurationFileData, schemaReference: string | null): string {
  const document = new Document(data)
  visit(document, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value
      if (typeof key === 'string' && FLOW_LISTS.has(key) && isSeq(pair.value))
        pair.value.flow = true
      if (key === 'claims' && isSeq(pair.value)) {
        for (const claim of pair.value.items) (claim as { flow?: boolean }).flow = true
        if (pair.value.items.length === 0) pair.value.flow = true
      }
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && NEEDS_DOUBLE_QUOTES.test(node.value))
        node.type = 'QUOTE_DOUBLE'
    },
  })
  if (schemaReference !== null) {
    document.commentBefore = ` yaml-language-server: $schema=${schemaReference}`
  }
  return document.toString({ lineWidth: 0 })
}

/**
 * Configuration file data as text: YAML in the style of `claimsmith init`
 * (claims and name lists in flow style) with a schema comment for the YAML
 * language server, or two-space JSON with `$schema`. The same data always
 * gives the same text.
 *
 * @example
 * formatConfigurationFile({ apiScopes: [{ name: 'orders/read', userClaims: ['department'] }] }, 'yaml', { schemaReference: null })
 * // 'apiScopes:\n  - name: orders/read\n    userClaims: [ department ]\n'
 */
export function formatConfigurationFile(
  data: ConfigurationFileData,
  format: ConfigurationFileFormat,
  options: FormatConfigurationFileOptions = {},
): string {
  const schemaReference =
    options.schemaReference === undefined ? PACKAGE_SCHEMA_REFERENCE : options.schemaReference
  if (format === 'json') {
    const withSchema = schemaReference === null ? data : { $schema: schemaReference, ...data }
    return `${JSON.stringify(withSchema, null, 2)}\n`
  }
  return yamlText(data, schemaReference)
}
