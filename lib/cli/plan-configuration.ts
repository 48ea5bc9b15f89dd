import { isDeepStrictEqual } from 'node:util'
import type { ClaimsmithConfigurationFile } from '../configuration-file/index.js'
import type { ClaimsTableExport, InvalidStoredClaim } from '../dynamodb/index.js'
import {
  canonicalPlanItem,
  PLAN_ITEM_KINDS,
  type PlanItem,
  type PlanItemKind,
  planItemFields,
  planItemName,
} from './plan-item.js'

/** One field an update changes, with its effective values before and after. */
export interface PlanFieldChange {
  readonly field: string
  readonly before: unknown
  readonly after: unknown
}

/**
 * One item apply would write. `version` is the version read when the plan
 * was made: apply writes on it, so a change made in between is a conflict,
 * never overwritten.
 */
export interface PlanChange {
  readonly action: 'create' | 'update' | 'delete'
  readonly kind: PlanItemKind
  readonly name: string
  /** The version read at plan time; `undefined` for a create. */
  readonly version: number | undefined
  /** The item as stored; `undefined` for a create. */
  readonly before: PlanItem | undefined
  /** The item as apply writes it; `undefined` for a delete. */
  readonly after: PlanItem | undefined
  /** For an update, the fields that differ. */
  readonly fields: readonly PlanFieldChange[]
  /** Stored claims the reader could not use, which an update replaces. */
  readonly unreadableClaims: number
}

/** What apply would do to make the table match a configuration. */
export interface Plan {
  /** Creates and updates first (resources, clients, users), then deletes in reverse. */
  readonly changes: readonly PlanChange[]
  /** Items the configuration manages that already match. */
  readonly unchanged: number
  /** The kinds the configuration manages: only their items are compared and deleted. */
  readonly managedKinds: readonly PlanItemKind[]
}

/** The part of a configuration file a plan compares with the table. */
export type PlannedConfiguration = Pick<
  ClaimsmithConfigurationFile,
  'identityResources' | 'apiScopes' | 'apiResources' | 'clients' | 'users'
>

/** Options for `planConfiguration`. */
export interface PlanConfigurationOptions {
  /**
   * Whether the plan covers users. The CLI passes whether the file has a
   * `users` key. Default: whether `configuration.users` is non-empty, so a
   * configuration without users never deletes any.
   */
  readonly manageUsers?: boolean
  /** Claims the table export dropped as unreadable: their items are rewritten even when equal. */
  readonly invalidClaims?: readonly InvalidStoredClaim[]
}

const itemKey = (kind: PlanItemKind, name: string) => `${kind}\u0000${name}`

const byName = (a: { name: string }, b: { name: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0

function desiredItems(configuration: PlannedConfiguration, manageUsers: boolean): PlanItem[] {
  return [
    ...configuration.identityResources.map((value) => ({
      kind: 'identityResource' as const,
      value,
    })),
    ...configuration.apiScopes.map((value) => ({ kind: 'apiScope' as const, value })),
    ...configuration.apiResources.map((value) => ({ kind: 'apiResource' as const, value })),
    ...configuration.clients.map((value) => ({ kind: 'client' as const, value })),
    ...(manageUsers ? configuration.users.map((value) => ({ kind: 'user' as const, value })) : []),
  ]
}

function storedItems(exported: ClaimsTableExport, manageUsers: boolean) {
  return [
    ...exported.configuration.map((item) => ({ item: item as PlanItem, version: item.version })),
    ...(manageUsers
      ? exported.users.map((user) => ({
          item: {
            kind: 'user' as const,
            value: {
              sub: user.sub,
              active: user.active,
              claims: user.claims,
              // Not compared or shown; kept so an update does not undo a sign-out.
              ...(user.tokensValidAfter === undefined
                ? {}
                : { tokensValidAfter: user.tokensValidAfter }),
            },
          },
          version: user.version,
        }))
      : []),
  ]
}

function changedFields(before: PlanItem, after: PlanItem): PlanFieldChange[] {
  const old = planItemFields(before)
  const next = planItemFields(after)
  return Object.keys(next)
    .filter((field) => !isDeepStrictEqual(old[field], next[field]))
    .map((field) => ({ field, before: old[field], after: next[field] }))
}

function unreadableCounts(invalid: readonly InvalidStoredClaim[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const claim of invalid) {
    const key =
      claim.sub !== undefined
        ? itemKey('user', claim.sub)
        : claim.clientId !== undefined
          ? itemKey('client', claim.clientId)
          : undefined
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/**
 * Compares a configuration with what the table holds, item by item: what to
 * create, what to update (and which fields), what a prune would delete.
 * Only kinds the configuration manages are compared: the four configuration
 * kinds always, users only with `manageUsers`. Items compare in their stored
 * form (client defaults left out), so applying a plan and planning again
 * yields no changes.
 *
 * @example
 * const plan = planConfiguration(configuration, await exportClaimsTable({ client, tableName }), { manageUsers: true })
 * plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`) // ['create apiScope orders/read', …]
 */
export function planConfiguration(
  configuration: PlannedConfiguration,
  exported: ClaimsTableExport,
  options: PlanConfigurationOptions = {},
): Plan {
  const manageUsers = options.manageUsers ?? configuration.users.length > 0
  const unreadable = unreadableCounts(options.invalidClaims ?? [])
  const stored = new Map<string, { item: PlanItem; version: number }>()
  for (const entry of storedItems(exported, manageUsers)) {
    stored.set(itemKey(entry.item.kind, planItemName(entry.item)), entry)
  }

  const writes: PlanChange[] = []
  let unchanged = 0
  const desiredKeys = new Set<string>()
  for (const wanted of desiredItems(configuration, manageUsers)) {
    const after = canonicalPlanItem(wanted)
    const name = planItemName(after)
    const key = itemKey(after.kind, name)
    desiredKeys.add(key)
    const current = stored.get(key)
    if (current === undefined) {
      writes.push({
        action: 'create',
        kind: after.kind,
        name,
        version: undefined,
        before: undefined,
        after,
        fields: [],
        unreadableClaims: 0,
      })
      continue
    }
    const fields = changedFields(current.item, after)
    const unreadableClaims = unreadable.get(key) ?? 0
    if (fields.length === 0 && unreadableClaims === 0) {
      unchanged += 1
      continue
    }
    writes.push({
      action: 'update',
      kind: after.kind,
      name,
      version: current.version,
      before: current.item,
      after,
      fields,
      unreadableClaims,
    })
  }

  const deletes: PlanChange[] = []
  for (const [key, { item, version }] of stored) {
    if (desiredKeys.has(key)) continue
    deletes.push({
      action: 'delete',
      kind: item.kind,
      name: planItemName(item),
      version,
      before: item,
      after: undefined,
      fields: [],
      unreadableClaims: unreadable.get(key) ?? 0,
    })
  }

  const rank = (kind: PlanItemKind) => PLAN_ITEM_KINDS.indexOf(kind)
  writes.sort((a, b) => rank(a.kind) - rank(b.kind) || byName(a, b))
  deletes.sort((a, b) => rank(b.kind) - rank(a.kind) || byName(a, b))
  return {
    changes: [...writes, ...deletes],
    unchanged,
    managedKinds: PLAN_ITEM_KINDS.filter((kind) => kind !== 'user' || manageUsers),
  }
}
