import { describe, expect, it } from 'vitest'
import { formatPlan, type PlannedConfiguration, planConfiguration } from '../../lib/cli/index.js'
import type { ClaimsTableExport } from '../../lib/dynamodb/index.js'

const empty: PlannedConfiguration = {
  identityResources: [],
  apiScopes: [],
  apiResources: [],
  clients: [],
  users: [],
}
const table = (overrides: Partial<ClaimsTableExport> = {}): ClaimsTableExport => ({
  configuration: [],
  users: [],
  legacyClientIds: [],
  ...overrides,
})

describe('planConfiguration', () => {
  it('treats a stored default and a left-out one as the same client', () => {
    const plan = planConfiguration(
      {
        ...empty,
        clients: [
          {
            clientId: 'web',
            claims: [],
            clientClaimsPrefix: 'client_',
            alwaysSendClientClaims: false,
            alwaysIncludeUserClaimsInIdToken: true,
          },
        ],
      },
      table({
        configuration: [
          {
            kind: 'client',
            version: 4,
            value: {
              clientId: 'web',
              claims: [],
              clientClaimsPrefix: 'client_',
              alwaysSendClientClaims: false,
              alwaysIncludeUserClaimsInIdToken: true,
            },
          },
        ],
      }),
    )
    expect(plan).toEqual({
      changes: [],
      unchanged: 1,
      managedKinds: ['identityResource', 'apiScope', 'apiResource', 'client'],
    })
  })

  it('writes a client in stored form, defaults left out', () => {
    const plan = planConfiguration(
      {
        ...empty,
        clients: [
          {
            clientId: 'web',
            claims: [],
            clientClaimsPrefix: 'client_',
            alwaysSendClientClaims: true,
            alwaysIncludeUserClaimsInIdToken: true,
          },
        ],
      },
      table(),
    )
    expect(plan.changes[0]?.after).toEqual({
      kind: 'client',
      value: { clientId: 'web', alwaysSendClientClaims: true, claims: [] },
    })
  })

  it('leaves users alone unless asked to manage them, by default only when the configuration has some', () => {
    const stored = table({ users: [{ sub: 'u', active: true, claims: [], version: 1 }] })
    expect(planConfiguration(empty, stored).changes).toEqual([])
    expect(planConfiguration(empty, stored, { manageUsers: true }).changes).toMatchObject([
      { action: 'delete', kind: 'user', name: 'u', version: 1 },
    ])
  })

  it('rewrites an item whose stored claims could not all be read, even when the rest matches', () => {
    const plan = planConfiguration(
      { ...empty, users: [{ sub: 'u', active: true, claims: [] }] },
      table({ users: [{ sub: 'u', active: true, claims: [], version: 3 }] }),
      {
        invalidClaims: [
          {
            key: { pk: 'USER#u', sk: 'PROFILE' },
            sub: 'u',
            index: 0,
            reason: '"value" is not a string',
          },
        ],
      },
    )
    expect(plan.changes).toMatchObject([
      { action: 'update', name: 'u', version: 3, fields: [], unreadableClaims: 1 },
    ])
    expect(formatPlan(plan)).toContain(
      '~ update user u (version 3)\n      1 stored claim could not be read and is replaced',
    )
  })

  it('orders creates and updates by kind then name, and deletes after them in reverse', () => {
    const plan = planConfiguration(
      {
        ...empty,
        apiScopes: [{ name: 'b', userClaims: [] }],
        identityResources: [{ name: 'z', userClaims: [] }],
        users: [{ sub: 'a', active: true, claims: [] }],
      },
      table({
        configuration: [
          { kind: 'identityResource', version: 1, value: { name: 'old', userClaims: [] } },
          { kind: 'client', version: 1, value: { clientId: 'gone', claims: [] } },
        ],
      }),
    )
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
      'create identityResource z',
      'create apiScope b',
      'create user a',
      'delete client gone',
      'delete identityResource old',
    ])
    expect(formatPlan(plan, { prune: true })).toContain('- delete client gone (version 1)\n')
    expect(formatPlan(plan, { prune: true })).toContain(
      '3 to create, 0 to update, 2 to delete; 0 unchanged.',
    )
  })

  it('says so when nothing changes', () => {
    expect(formatPlan(planConfiguration(empty, table()))).toBe(
      'No changes: the table matches the configuration (0 items unchanged).\n',
    )
  })
})
