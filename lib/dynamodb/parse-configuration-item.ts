import * as v from 'valibot'
import type { VersionedConfigurationItem } from './configuration-item.js'
import { CorruptItemError } from './errors.js'
import { CONFIGURATION_PARTITION, parseConfigurationSortKey } from './item-keys.js'
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
})

/**
 * An item of the `CONFIG` partition, validated: its sort key says which kind
 * it must be; a whole-item problem throws `CorruptItemError`; each invalid
 * client claim is dropped and reported.
 */
export function parseConfigurationItem(
  item: Readonly<Record<string, unknown>>,
  report: InvalidClaimReporter,
): VersionedConfigurationItem {
  const sk = typeof item.sk === 'string' ? item.sk : ''
  const key = { pk: CONFIGURATION_PARTITION, sk }
  const parsedKey = parseConfigurationSortKey(sk)
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
    case 'client': {
      const parsed = validateItem(ClientItemSchema, item, key)
      matchKey('clientId', parsed.clientId)
      return {
        kind,
        version: parsed.version,
        value: {
          clientId: name,
          ...(parsed.allowedScopes === undefined ? {} : { allowedScopes: parsed.allowedScopes }),
          claims: parseStoredClaims(parsed.claims, { key, clientId: name }, report),
          ...(parsed.clientClaimsPrefix === undefined
            ? {}
            : { clientClaimsPrefix: parsed.clientClaimsPrefix }),
          ...(parsed.alwaysSendClientClaims === undefined
            ? {}
            : { alwaysSendClientClaims: parsed.alwaysSendClientClaims }),
        },
      }
    }
  }
}
