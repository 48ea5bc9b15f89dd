import { describe, expect, it } from 'vitest'
import {
  type ClaimsConfiguration,
  ClaimValueInvalidError,
  DefaultProfileService,
  ProfileDataCallers,
  ProfileIsActiveCallers,
  type ProfileService,
  runClaimsPipeline,
  type StoredUser,
  staticConfigurationSource,
  type TokenPolicy,
  USERINFO_POLICY,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore, RESOURCES } from './fixtures.js'

const configuration: ClaimsConfiguration = {
  ...RESOURCES,
  clients: new Map([
    [
      'web-app',
      aClient({
        claims: [{ type: 'plan', value: 'gold' }],
        allowedScopes: ['openid', 'tenant', 'orders/read'],
      }),
    ],
  ]),
}
const configurationSource = staticConfigurationSource(configuration)
const user: StoredUser = {
  sub: 'user-1',
  active: true,
  claims: [
    { type: 'tenant_id', value: '42', valueType: 'integer' },
    { type: 'tenant_role', value: 'x', valueType: 'integer' },
    { type: 'department', value: 'sales' },
    { type: 'department', value: 'sales' },
    { type: 'unmapped', value: 'u' },
  ],
}
const ID: TokenPolicy = {
  caller: ProfileDataCallers.ClaimsProviderIdentityToken,
  onInvalidValue: 'omit',
}
const ACCESS: TokenPolicy = {
  caller: ProfileDataCallers.ClaimsProviderAccessToken,
  onInvalidValue: 'omit',
}

function request(overrides: Partial<Parameters<typeof runClaimsPipeline>[0]> = {}) {
  return {
    profileService: new DefaultProfileService(inMemoryClaimsStore([user])),
    configurationSource,
    clientId: 'web-app',
    subject: aSubject([
      { type: 'tenant_id', value: '7' },
      { type: 'locale', value: 'fr' },
    ]),
    scopes: ['openid', 'tenant', 'orders/read'],
    isActiveCaller: ProfileIsActiveCallers.AuthorizeEndpoint,
    tokens: [ID, ACCESS],
    ...overrides,
  }
}

describe('runClaimsPipeline', () => {
  it('issues each token its requested claims, typed, with the stored claim winning', async () => {
    const result = await runClaimsPipeline(request())
    expect(result.active).toBe(true)
    expect(result.tokens.map((token) => ({ ...token.claims }))).toEqual([
      { tenant_id: 42 },
      { department: 'sales' },
    ])
    expect(result.tokens[0]?.invalid.map((error) => error.claimType)).toEqual(['tenant_role'])
    // Decisions cost nothing unless asked for.
    expect(result.tokens[0]?.decisions).toEqual([])
  })

  it('records a decision with its reason for every candidate claim when explaining', async () => {
    const result = await runClaimsPipeline(request({ explain: true }))
    const id = result.tokens[0]
    const reasons = id?.decisions.map((d) => [d.claim.type, d.origin, d.emitted, d.reason])
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['tenant_id', 'stored', true, 'requested'],
        ['tenant_role', 'stored', false, 'invalid-value'],
        ['department', 'stored', false, 'not-requested'],
        ['unmapped', 'stored', false, 'not-requested'],
        ['tenant_id', 'subject', false, 'stored-wins'],
        ['locale', 'subject', false, 'not-requested'],
        ['client_plan', 'client', false, 'not-an-access-token'],
      ]),
    )
    expect(id?.decisions).toHaveLength(8)
    const access = result.tokens[1]
    expect(access?.decisions.map((d) => [d.claim.type, d.reason])).toEqual(
      expect.arrayContaining([
        ['department', 'requested'],
        ['department', 'duplicate'],
        ['client_plan', 'user-without-always-send'],
      ]),
    )
  })

  it('stops at an inactive user, without asking for claims, unless explaining', async () => {
    const inactive = { ...user, active: false }
    const asked: string[] = []
    const inner = new DefaultProfileService(inMemoryClaimsStore([inactive]))
    const profileService: ProfileService = {
      isActive: (context, signal) => inner.isActive(context, signal),
      getProfileData: async (context, signal) => {
        asked.push(context.caller)
        await inner.getProfileData(context, signal)
      },
    }
    const refused = await runClaimsPipeline(request({ profileService }))
    expect(refused).toMatchObject({ active: false, tokens: [] })
    expect(asked).toEqual([])
    const explained = await runClaimsPipeline(request({ profileService, explain: true }))
    expect(explained.active).toBe(false)
    expect(explained.tokens[0]?.claims).toEqual({ tenant_id: 42 })
  })

  it('fails on an invalid value under onInvalidValue fail, and sends it as text under text', async () => {
    await expect(
      runClaimsPipeline(request({ tokens: [{ ...ID, onInvalidValue: 'fail' }] })),
    ).rejects.toThrow(ClaimValueInvalidError)
    const explained = await runClaimsPipeline(
      request({ tokens: [{ ...ID, onInvalidValue: 'fail' }], explain: true }),
    )
    expect(explained.tokens[0]?.invalid).toHaveLength(1)
    const userinfo = await runClaimsPipeline(request({ tokens: [USERINFO_POLICY] }))
    expect(userinfo.tokens[0]?.claims).toEqual({ tenant_id: 42, tenant_role: 'x' })
  })

  it('applies the shaping rules and reports what they left out and reduced', async () => {
    const shaped = await runClaimsPipeline(
      request({
        tokens: [
          {
            ...ID,
            shape: (type, value) =>
              type === 'tenant_id'
                ? { ok: false, problem: 'not-wanted' }
                : { ok: true, value, reduced: false },
          },
        ],
        explain: true,
      }),
    )
    const [token] = shaped.tokens
    expect(token?.claims).toEqual({})
    expect(token?.shapedOut).toEqual([
      { type: 'tenant_id', problem: 'not-wanted', expected: false },
    ])
    expect(token?.decisions).toContainEqual(
      expect.objectContaining({ emitted: false, reason: 'shaped-out', problem: 'not-wanted' }),
    )
  })

  it('measures the claims against the size budget', async () => {
    const result = await runClaimsPipeline(
      request({
        tokens: [
          { ...ID, sizeBudgetBytes: 10 },
          { ...ACCESS, sizeBudgetBytes: 2048 },
        ],
      }),
    )
    expect(result.tokens.map((token) => [token.bytes, token.overBudget])).toEqual([
      [20, true],
      [28, false],
    ])
  })

  it('checks only whether the user is active when no token is asked for', async () => {
    const reads = inMemoryClaimsStore([{ ...user, active: false }])
    const result = await runClaimsPipeline(
      request({ profileService: new DefaultProfileService(reads), tokens: [] }),
    )
    expect(result).toMatchObject({ active: false, tokens: [], scopes: [] })
    expect(reads.reads).toHaveLength(1)
  })

  it("keeps the user's claims out of the ID token of a client that sets alwaysIncludeUserClaimsInIdToken false, with a reason for each", async () => {
    const client = aClient({
      alwaysIncludeUserClaimsInIdToken: false,
      allowedScopes: ['openid', 'tenant', 'orders/read'],
    })
    const source = staticConfigurationSource({
      ...RESOURCES,
      clients: new Map([['web-app', client]]),
    })
    const result = await runClaimsPipeline(
      request({
        configurationSource: source,
        tokens: [ID, ACCESS, USERINFO_POLICY],
        explain: true,
      }),
    )
    const [id, access, userinfo] = result.tokens
    expect(id?.claims).toEqual({})
    // The access token and userinfo are untouched: userinfo serves what the ID token lacks.
    expect(access?.claims).toEqual({ department: 'sales' })
    expect(userinfo?.claims).toEqual({ tenant_id: 42, tenant_role: 'x' })
    const withheld = id?.decisions.filter((d) => d.reason === 'id-token-without-user-claims')
    expect(withheld?.map((d) => [d.claim.type, d.origin, d.emitted])).toEqual([
      ['tenant_id', 'stored', false],
      ['tenant_role', 'stored', false],
    ])
    expect(id?.decisions.some((d) => d.emitted)).toBe(false)
    // The default, true, leaves the ID token as it was.
    const included = await runClaimsPipeline(request({ tokens: [ID] }))
    expect(included.tokens[0]?.claims).toEqual({ tenant_id: 42 })
  })

  it('issues client claims alone, with their prefix, without a user', async () => {
    const result = await runClaimsPipeline(
      request({ subject: undefined, tokens: [ACCESS], explain: true }),
    )
    expect(result.tokens[0]?.claims).toEqual({ client_plan: 'gold' })
    expect(result.tokens[0]?.decisions).toEqual([
      expect.objectContaining({
        origin: 'client',
        emitted: true,
        reason: 'no-user',
        value: 'gold',
      }),
    ])
  })
})
