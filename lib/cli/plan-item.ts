import type { Claim } from '../core/claim.js'
import type { StoredUser } from '../core/claims-store.js'
import { CLIENT_DEFAULTS, type Client } from '../core/client.js'
import type { ConfigurationItem, ConfigurationItemKind, StoredClient } from '../dynamodb/index.js'

/** The kinds of item a plan covers: the configuration kinds and users. */
export type PlanItemKind = ConfigurationItemKind | 'user'

/** An item as a plan compares and writes it: a configuration item or a user. */
export type PlanItem = ConfigurationItem | { readonly kind: 'user'; readonly value: StoredUser }

/** Kinds in the order a plan writes them: what clients refer to before clients, users last. */
export const PLAN_ITEM_KINDS: readonly PlanItemKind[] = Object.freeze([
  'identityResource',
  'apiScope',
  'apiResource',
  'client',
  'user',
])

const KIND_LABELS: Readonly<Record<PlanItemKind, string>> = Object.freeze({
  identityResource: 'identity resource',
  apiScope: 'API scope',
  apiResource: 'API resource',
  client: 'client',
  user: 'user',
})

/** How messages name a kind: `API scope`, `client`, … */
export function kindLabel(kind: PlanItemKind): string {
  return KIND_LABELS[kind]
}

/** The name an item is keyed by: its name, a client's id, a user's sub. */
export function planItemName(item: PlanItem): string {
  switch (item.kind) {
    case 'client':
      return item.value.clientId
    case 'user':
      return item.value.sub
    default:
      return item.value.name
  }
}

/** A claim with `valueType` only when it has one, so claims compare by value. */
export function normalizeClaim(claim: Claim): Claim {
  return claim.valueType === undefined
    ? { type: claim.type, value: claim.value }
    : { type: claim.type, value: claim.value, valueType: claim.valueType }
}

/**
 * A client as it is stored: the settings equal to `CLIENT_DEFAULTS` left out,
 * so a file that spells a default and one that leaves it out store the same
 * item, and a later change of a default needs no migration.
 */
export function storedClient(client: Client | StoredClient): StoredClient {
  const prefix = client.clientClaimsPrefix ?? CLIENT_DEFAULTS.clientClaimsPrefix
  const alwaysSend = client.alwaysSendClientClaims ?? CLIENT_DEFAULTS.alwaysSendClientClaims
  const includeInIdToken =
    client.alwaysIncludeUserClaimsInIdToken ?? CLIENT_DEFAULTS.alwaysIncludeUserClaimsInIdToken
  return {
    clientId: client.clientId,
    ...(client.allowedScopes === undefined ? {} : { allowedScopes: [...client.allowedScopes] }),
    ...(prefix === CLIENT_DEFAULTS.clientClaimsPrefix ? {} : { clientClaimsPrefix: prefix }),
    ...(alwaysSend === CLIENT_DEFAULTS.alwaysSendClientClaims
      ? {}
      : { alwaysSendClientClaims: alwaysSend }),
    ...(includeInIdToken === CLIENT_DEFAULTS.alwaysIncludeUserClaimsInIdToken
      ? {}
      : { alwaysIncludeUserClaimsInIdToken: includeInIdToken }),
    claims: client.claims.map(normalizeClaim),
  }
}

/** A user with its claims normalized; its sign-out time, which no file sets, is kept. */
export function storedUser(user: StoredUser): StoredUser {
  const normalized = { sub: user.sub, active: user.active, claims: user.claims.map(normalizeClaim) }
  return user.tokensValidAfter === undefined
    ? normalized
    : { ...normalized, tokensValidAfter: user.tokensValidAfter }
}

/** An item in the canonical form a plan writes and compares. */
export function canonicalPlanItem(item: PlanItem): PlanItem {
  switch (item.kind) {
    case 'identityResource':
    case 'apiScope':
      return {
        kind: item.kind,
        value: { name: item.value.name, userClaims: [...item.value.userClaims] },
      }
    case 'apiResource':
      return {
        kind: item.kind,
        value: {
          name: item.value.name,
          scopes: [...item.value.scopes],
          userClaims: [...item.value.userClaims],
        },
      }
    case 'client':
      return { kind: 'client', value: storedClient(item.value) }
    case 'user':
      return { kind: 'user', value: storedUser(item.value) }
  }
}

/**
 * The fields of an item a plan compares and shows, by kind, with their
 * effective values (a client's defaults filled in).
 */
export function planItemFields(item: PlanItem): Record<string, unknown> {
  switch (item.kind) {
    case 'identityResource':
    case 'apiScope':
      return { userClaims: item.value.userClaims }
    case 'apiResource':
      return { scopes: item.value.scopes, userClaims: item.value.userClaims }
    case 'client':
      return {
        allowedScopes: item.value.allowedScopes,
        clientClaimsPrefix: item.value.clientClaimsPrefix ?? CLIENT_DEFAULTS.clientClaimsPrefix,
        alwaysSendClientClaims:
          item.value.alwaysSendClientClaims ?? CLIENT_DEFAULTS.alwaysSendClientClaims,
        alwaysIncludeUserClaimsInIdToken:
          item.value.alwaysIncludeUserClaimsInIdToken ??
          CLIENT_DEFAULTS.alwaysIncludeUserClaimsInIdToken,
        claims: item.value.claims.map(normalizeClaim),
      }
    case 'user':
      return { active: item.value.active, claims: item.value.claims.map(normalizeClaim) }
  }
}
