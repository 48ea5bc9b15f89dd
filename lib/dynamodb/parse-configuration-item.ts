import * as v from 'valibot'
import type { StoredClient, VersionedConfigurationItem } from './configuration-item.js'
import { CorruptItemError } from './errors.js'
import { type ItemKey, parseConfigurationKey } from './item-keys.js'
import { type InvalidClaimReporter, parseStoredClaims } from './parse-stored-claims.js'
import { itemHeaderEntries, stringListSchema, validateItem } from './validate-item.js'

const nameSchema = v.pipe(v.string('is not a string'), v.nonEmpty('is empty'))

const IdentityResourceItemSchema = v.object({
  ...itemHeaderEntries('identityResource'),
  name: nameSchema,
  userClaims: stringListSchema,
})

const ApiScopeItemSchema = v.object({
  ...itemHeaderEntries('apiScope'),
  name: nameSchema,
  userClaims: stringListSchema,
})

const ApiResourceItemSchema = v.object({
  ...itemHeaderEntries('apiResource'),
  name: nameSchema,
  scopes: stringListSchema,
  userClaims: stringListSchema,
})

const ClientItemSchema = v.object({
  ...itemHeaderEntries('client'),
  clientId: nameSchema,
  allowedScopes: v.optional(stringListSchema),
  claims: v.array(v.unknown(), 'is not a list'),
  clientClaimsPrefix: v.optional(v.string('is not a string')),
  alwaysSendClientClaims: v.optional(v.boolean('is not a boolean')),
  alwaysIncludeUserClaimsInIdToken: v.optional(v.boolean('is not a boolean')),
})

/**
 * A configuration item, validated: its key says which kind it must be; a
 * whole-item problem throws `CorruptItemError`; each invalid client claim is
 * dropped and reported. A client kept in `CONFIG` by schema version 1 is read
 * like any other.
 */
export function parseConfigurationItem(
  item: Readonly<Record<string, unknown>>,
  report: InvalidClaimReporter,
): VersionedConfigurationItem {
  const key = {
    pk: typeof item.pk === 'string' ? item.pk : '',
    sk: typeof item.sk === 'string' ? item.sk : '',
  }
  const parsedKey = parseConfigurationKey(key)
  if (parsedKey === undefined) throw new CorruptItemError(key, 'sk', 'has an unknown prefix')
  const { kind, name } = parsedKey
  const matchKey = (attribute: string, value: string) => {
    if (value !== name) throw new CorruptItemError(key, attribute, 'does not match the key')
  }
  switch (kind) {
    case 'identityResource': {
      const parsed = validateItem(IdentityResourceItemSchema, item, key)
      matchKey('name', parsed.name)
      return { kind, version: parsed.version, value: { name, userClaims: parsed.userClaims } }
    }
    case 'apiScope': {
      const parsed = validateItem(ApiScopeItemSchema, item, key)
      matchKey('name', parsed.name)
      return { kind, version: parsed.version, value: { name, userClaims: parsed.userClaims } }
    }
    case 'apiResource': {
      const parsed = validateItem(ApiResourceItemSchema, item, key)
      matchKey('name', parsed.name)
      const { scopes, userClaims } = parsed
      return { kind, version: parsed.version, value: { name, scopes, userClaims } }
    }
    case 'client':
      return { kind, ...parseClientItem(item, key, name, report) }
  }
}

/**
 * A client item stored under `key` for the client `clientId`, validated as
 * `parseConfigurationItem` validates it.
 */
export function parseClientItem(
  item: Readonly<Record<string, unknown>>,
  key: ItemKey,
  clientId: string,
  report: InvalidClaimReporter,
): { readonly version: number; readonly value: StoredClient } {
  const parsed = validateItem(ClientItemSchema, item, key)
  if (parsed.clientId !== clientId) {
    throw new CorruptItemError(key, 'clientId', 'does not match the key')
  }
  return {
    version: parsed.version,
    value: {
      clientId,
      ...(parsed.allowedScopes === undefined ? {} : { allowedScopes: parsed.allowedScopes }),
      claims: parseStoredClaims(parsed.claims, { key, clientId }, report),
      ...(parsed.clientClaimsPrefix === undefined
        ? {}
        : { clientClaimsPrefix: parsed.clientClaimsPrefix }),
      ...(parsed.alwaysSendClientClaims === undefined
        ? {}
        : { alwaysSendClientClaims: parsed.alwaysSendClientClaims }),
      ...(parsed.alwaysIncludeUserClaimsInIdToken === undefined
        ? {}
        : { alwaysIncludeUserClaimsInIdToken: parsed.alwaysIncludeUserClaimsInIdToken }),
    },
  }
}
