import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ClaimDecision,
  explainClaims,
  formatExplanation,
  INTROSPECTION_CALLER,
} from '../../lib/cli/index.js'
import {
  type ClaimsConfiguration,
  type Client,
  ProfileDataCallers,
  type StoredUser,
  serializeClaims,
} from '../../lib/core/index.js'
import { dynamoDbLocal } from '../support/dynamodb.js'
import { CONFIGURATION_YAML, runCli, tableArgs } from './support.js'

const web: Client = {
  clientId: 'web',
  allowedScopes: ['openid', 'profile', 'tenant', 'orders/read'],
  claims: [{ type: 'plan', value: 'gold' }],
  clientClaimsPrefix: 'client_',
  alwaysSendClientClaims: false,
  alwaysIncludeUserClaimsInIdToken: true,
}
const m2m: Client = {
  clientId: 'm2m',
  claims: [
    { type: 'tier', value: '3', valueType: 'integer' },
    { type: 'id', value: 'x' },
  ],
  clientClaimsPrefix: 'client_',
  alwaysSendClientClaims: true,
  alwaysIncludeUserClaimsInIdToken: true,
}
const configuration: ClaimsConfiguration = {
  identityResources: [{ name: 'tenant', userClaims: ['tenant_id', 'tier', 'role', 'locale'] }],
  apiScopes: [
    { name: 'orders/read', userClaims: ['department'] },
    { name: 'billing/read', userClaims: ['cost_center'] },
  ],
  apiResources: [{ name: 'orders', scopes: ['orders/read'], userClaims: ['employee_id'] }],
  clients: new Map([
    ['web', web],
    ['m2m', m2m],
  ]),
}
const user: StoredUser = {
  sub: 'user-1',
  active: true,
  claims: [
    { type: 'tenant_id', value: '42', valueType: 'integer' },
    { type: 'tier', value: 'three', valueType: 'integer' },
    { type: 'role', value: 'admin' },
    { type: 'role', value: 'admin' },
    { type: 'department', value: 'sales' },
    { type: 'cost_center', value: 'cc-9' },
    { type: 'nickname', value: 'jo' },
    { type: 'unmapped', value: 'x' },
    { type: 'aud', value: 'evil' },
    { type: 'cognito:groups', value: 'admins' },
  ],
}

const decisionFor = (decisions: readonly ClaimDecision[], type: string, source = 'stored') =>
  decisions.find((decision) => decision.type === type && decision.source === source)

describe('explainClaims', () => {
  it('explains every stored and subject claim of an ID token', async () => {
    const explanation = await explainClaims({
      configuration,
      user,
      subjectClaims: [
        { type: 'locale', value: 'fr' },
        { type: 'role', value: 'owner' },
      ],
      clientId: 'web',
      scopes: ['openid', 'tenant', 'billing/read', 'aws.cognito.signin.user.admin'],
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    })
    // Cognito writes the locale attribute into the ID token itself: the trigger does not send it again.
    expect(explanation.claims).toEqual({ tenant_id: 42, role: 'admin' })
    expect(explanation.scopes).toEqual({
      requested: ['openid', 'tenant', 'billing/read'],
      honoured: ['openid', 'tenant'],
      ignored: ['billing/read'],
    })
    const { decisions } = explanation
    expect(decisionFor(decisions, 'tenant_id')).toMatchObject({
      emitted: true,
      reason: 'requested',
      emittedValue: 42,
      detail: 'requested by identity resource tenant',
    })
    expect(decisionFor(decisions, 'tier')).toMatchObject({
      emitted: false,
      reason: 'invalid-value',
      detail: expect.stringContaining('does not parse as integer (not-a-number)'),
    })
    expect(
      decisions.filter((d) => d.type === 'role' && d.source === 'stored').map((d) => d.reason),
    ).toEqual(['requested', 'duplicate'])
    expect(decisionFor(decisions, 'department')).toMatchObject({
      emitted: false,
      reason: 'not-requested',
      detail: expect.stringContaining('only API scope orders/read'),
      requestedBy: [
        { kind: 'apiScope', name: 'orders/read', scopes: ['orders/read'], feeds: 'access token' },
      ],
    })
    expect(decisionFor(decisions, 'nickname')?.detail).toBe(
      'not requested: scope profile would request it (identity resource profile)',
    )
    expect(decisionFor(decisions, 'unmapped')?.detail).toBe(
      'not requested: no identity resource, API scope or API resource asks for it',
    )
    expect(decisionFor(decisions, 'aud')).toMatchObject({ emitted: false, reason: 'protocol' })
    expect(decisionFor(decisions, 'cognito:groups')).toMatchObject({
      emitted: false,
      reason: 'reserved',
    })
    expect(decisionFor(decisions, 'locale', 'subject')).toMatchObject({
      emitted: false,
      reason: 'shaped-out',
      detail: expect.stringContaining('Cognito already writes this value into the ID token'),
    })
    expect(decisionFor(decisions, 'role', 'subject')).toMatchObject({
      emitted: false,
      reason: 'stored-wins',
    })
    expect(decisionFor(decisions, 'client_plan', 'client')).toMatchObject({
      emitted: false,
      reason: 'not-an-access-token',
    })
    expect(explanation.notes).toContain(
      "ignored scopes, outside the client's allowedScopes: billing/read",
    )
  })

  it('names the scope a client may not request when that is why a claim is missing', async () => {
    const explanation = await explainClaims({
      configuration,
      user,
      clientId: 'web',
      scopes: ['billing/read'],
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
    })
    expect(decisionFor(explanation.decisions, 'cost_center')?.detail).toBe(
      'not requested: API scope billing/read would request it, but the client may not request its scope (allowedScopes)',
    )
    expect(decisionFor(explanation.decisions, 'client_plan', 'client')).toMatchObject({
      emitted: false,
      reason: 'user-without-always-send',
    })
  })

  it('sends an invalid value as text in userinfo, with the token’s subject', async () => {
    const explanation = await explainClaims({
      configuration,
      user,
      clientId: 'web',
      scopes: ['openid', 'tenant'],
      caller: ProfileDataCallers.UserInfoEndpoint,
    })
    expect(explanation.claims).toEqual({
      tenant_id: 42,
      tier: 'three',
      role: 'admin',
      sub: 'user-1',
    })
    expect(decisionFor(explanation.decisions, 'tier')).toMatchObject({
      emitted: true,
      reason: 'invalid-value-as-text',
      emittedValue: 'three',
    })
  })

  it('emits client claims without a user and with alwaysSendClientClaims, as the core serializes them', async () => {
    const noUser = await explainClaims({
      configuration,
      clientId: 'm2m',
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
    })
    expect(noUser.claims).toEqual({ client_tier: 3 })
    expect(decisionFor(noUser.decisions, 'client_tier', 'client')).toMatchObject({
      emitted: true,
      reason: 'no-user',
    })
    expect(decisionFor(noUser.decisions, 'client_id', 'client')).toMatchObject({
      emitted: false,
      reason: 'protocol',
    })
    expect(noUser.claims).toEqual(
      serializeClaims([{ type: 'client_tier', value: '3', valueType: 'integer' }], 'token').claims,
    )

    const withUser = await explainClaims({
      configuration,
      user,
      clientId: 'm2m',
      scopes: ['orders/read'],
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
    })
    expect(withUser.claims).toEqual({ department: 'sales', client_tier: 3 })
    expect(decisionFor(withUser.decisions, 'client_tier', 'client')).toMatchObject({
      emitted: true,
      reason: 'always-send',
    })
  })

  it('notes an inactive user, a user without a record and an unknown client', async () => {
    const inactive = await explainClaims({
      configuration,
      user: { ...user, active: false },
      clientId: 'web',
      scopes: ['openid'],
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    })
    expect(inactive.active).toBe(false)
    expect(inactive.notes.join('\n')).toContain('the user is inactive: Cognito refuses the sign-in')

    const nobody = await explainClaims({
      configuration,
      sub: 'user-9',
      clientId: 'unknown',
      scopes: ['openid'],
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    })
    expect(nobody).toMatchObject({
      userFound: false,
      active: true,
      clientConfigured: false,
      decisions: [],
    })
    expect(nobody.notes).toEqual([
      'client unknown is not configured: it gets the defaults (no client claims, any scope)',
      'user user-9 has no record in the table: no stored claims; active unless the functions require a profile',
    ])
  })

  it('lists stored claims the reader dropped, by type and rule, never by value', async () => {
    const explanation = await explainClaims({
      configuration,
      user: { sub: 'user-1', active: true, claims: [] },
      clientId: 'web',
      scopes: ['openid'],
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
      unreadableClaims: [
        {
          key: { pk: 'USER#user-1', sk: 'PROFILE' },
          sub: 'user-1',
          claimType: 'tier',
          index: 2,
          reason: '"value" is not a string',
        },
      ],
    })
    expect(explanation.decisions[0]).toEqual({
      source: 'stored',
      type: 'tier',
      value: undefined,
      emitted: false,
      reason: 'unreadable',
      detail: 'unreadable stored claim: "value" is not a string',
    })
  })

  it("shows the user's claims kept out of the ID token when the client sets alwaysIncludeUserClaimsInIdToken false, and userinfo serving them", async () => {
    const slim: ClaimsConfiguration = {
      ...configuration,
      clients: new Map([['web', { ...web, alwaysIncludeUserClaimsInIdToken: false }]]),
    }
    const request = { configuration: slim, user, clientId: 'web', scopes: ['openid', 'tenant'] }
    for (const version of ['1', '2', '3'] as const) {
      const id = await explainClaims({
        ...request,
        version,
        caller: ProfileDataCallers.ClaimsProviderIdentityToken,
      })
      expect(id.claims).toEqual({})
      expect(decisionFor(id.decisions, 'tenant_id')).toMatchObject({
        emitted: false,
        reason: 'id-token-without-user-claims',
        detail:
          "kept out of the ID token: the client sets alwaysIncludeUserClaimsInIdToken: false; userinfo serves the user's claims",
      })
      expect(
        formatExplanation(id).includes(
          'dropped tenant_id (stored) "42" (integer): kept out of the ID token',
        ),
      ).toBe(true)
    }
    const userinfo = await explainClaims({
      ...request,
      caller: ProfileDataCallers.UserInfoEndpoint,
    })
    expect(userinfo.claims).toMatchObject({ tenant_id: 42, role: 'admin' })
  })

  it("explains the introspection answer: the access token's API-resource claims as the endpoint issues them", async () => {
    const withMember: ClaimsConfiguration = {
      ...configuration,
      apiResources: [
        { name: 'orders', scopes: ['orders/read'], userClaims: ['employee_id', 'active'] },
      ],
    }
    const explanation = await explainClaims({
      configuration: withMember,
      user: {
        ...user,
        claims: [
          ...user.claims,
          { type: 'employee_id', value: '7', valueType: 'integer' },
          { type: 'active', value: 'no' },
        ],
      },
      clientId: 'web',
      scopes: ['openid', 'tenant', 'orders/read'],
      caller: INTROSPECTION_CALLER,
    })
    // The API scope's and the API resource's claims, not the identity resource's.
    expect(explanation.claims).toEqual({ department: 'sales', employee_id: 7 })
    expect(explanation.resources).toEqual({
      identityResources: ['openid', 'tenant'],
      apiScopes: ['orders/read'],
      apiResources: ['orders'],
    })
    expect(decisionFor(explanation.decisions, 'employee_id')).toMatchObject({
      emitted: true,
      reason: 'requested',
      detail: 'requested by API resource orders (scope orders/read)',
    })
    expect(decisionFor(explanation.decisions, 'tenant_id')).toMatchObject({
      emitted: false,
      reason: 'not-requested',
    })
    expect(decisionFor(explanation.decisions, 'active')).toMatchObject({
      emitted: false,
      reason: 'introspection-member',
    })
    expect(explanation.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the answer also carries the RFC 7662 members'),
        expect.stringContaining('a caller sees only the claims of the API resources'),
      ]),
    )
    expect(formatExplanation(explanation)).toContain('for: introspection\n')

    const inactive = await explainClaims({
      configuration: withMember,
      user: { ...user, active: false },
      clientId: 'web',
      scopes: ['openid', 'tenant'],
      caller: INTROSPECTION_CALLER,
    })
    expect(inactive.active).toBe(false)
    expect(inactive.notes).toEqual(
      expect.arrayContaining([
        'the user is inactive: introspection answers {"active": false}; shown is what an active user would get',
        'the token\'s scopes name no API resource: introspection answers {"active": false}',
      ]),
    )
    const nothing = await explainClaims({
      configuration: { ...configuration, apiResources: [] },
      user,
      clientId: 'web',
      caller: INTROSPECTION_CALLER,
    })
    expect(nothing.notes).toEqual([
      'no API resource has a scope: introspection answers {"active": false} for every token, to every caller',
    ])
  })

  it('refuses a request without a user for anything but an access token', async () => {
    await expect(
      explainClaims({
        configuration,
        clientId: 'web',
        caller: ProfileDataCallers.ClaimsProviderIdentityToken,
      }),
    ).rejects.toThrow(TypeError)
  })
})

describe('formatExplanation', () => {
  it('prints one plain line per decision, or a table', async () => {
    const explanation = await explainClaims({
      configuration,
      user,
      clientId: 'web',
      scopes: ['openid', 'tenant'],
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    })
    const plain = formatExplanation(explanation)
    expect(plain).toContain('for: ID token\nclient: web\nuser: user-1\n')
    expect(plain).toContain(
      'emitted tenant_id (stored) "42" (integer): requested by identity resource tenant\n',
    )
    expect(plain).toContain(
      'dropped aud (stored) "evil": protocol claim: only the token issuer sets it\n',
    )
    const table = formatExplanation(explanation, { table: true })
    expect(table).toMatch(/^CLAIM +FROM +VALUE +RESULT +WHY$/m)
    expect(table).toMatch(
      /^tenant_id +stored +"42" \(integer\) +emitted +requested by identity resource tenant$/m,
    )
  })
})

describe('claimsmith explain', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-explain-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('explains from the table as JSON and as text', async () => {
    const table = await dynamoDbLocal()
    try {
      const file = join(dir, 'claimsmith.yaml')
      await writeFile(file, CONFIGURATION_YAML)
      await runCli(['apply', file, '--yes', ...tableArgs(table)], { table })
      const args = [
        'explain',
        '--sub',
        'user-1',
        '--client',
        'web',
        '--scopes',
        'openid tenant',
        ...tableArgs(table),
      ]
      const json = await runCli([...args, '--json'], { table })
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toMatchObject({
        claims: { tenant_id: 42 },
        decisions: [
          { type: 'tenant_id', emitted: true },
          { type: 'role', emitted: false, reason: 'not-requested' },
          { type: 'role', emitted: false, reason: 'not-requested' },
        ],
      })
      const text = await runCli(args, { table })
      expect(text.stdout).toContain('claims: {"tenant_id":42}')
      const tty = await runCli(args, { table, tty: true })
      expect(tty.stdout).toMatch(/^CLAIM +FROM +VALUE +RESULT +WHY$/m)
    } finally {
      await table.stop()
    }
  })

  it('explains from a configuration file, and the client-credentials flow', async () => {
    const file = join(dir, 'from-file.yaml')
    await writeFile(file, CONFIGURATION_YAML)
    const run = await runCli([
      'explain',
      '--file',
      file,
      '--client',
      'm2m',
      '--caller',
      'access',
      '--json',
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).claims).toEqual({ svc_tier: 3 })
    const introspected = await runCli([
      'explain',
      '--file',
      file,
      '--client',
      'm2m',
      '--scopes',
      'orders/read',
      '--caller',
      'introspection',
    ])
    expect(introspected.code).toBe(0)
    expect(introspected.stdout).toContain('for: introspection\n')
    expect(introspected.stdout).toContain('claims: {"svc_tier":3}')
  })

  it.each([
    [
      ['explain', '--client', 'web'],
      'missing --sub: without a user (client credentials) only access tokens are issued',
    ],
    [
      ['explain', '--sub', 'u', '--client', 'web', '--caller', 'token'],
      '--caller must be id, access, userinfo or introspection',
    ],
    [['explain', '--sub', 'u'], 'missing --client'],
    [
      ['explain', '--sub', 'u', '--client', 'w', '--subject-claim', 'novalue'],
      '--subject-claim "novalue" must be type=value',
    ],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runCli([...args, '--file', 'x.yaml'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
  })
})
