import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  effectiveIdentityResources,
  type ProfileDataCaller,
  ProfileDataCallers,
  type Resources,
  requestedClaimTypes,
  resolveRequestedResources,
  STANDARD_IDENTITY_RESOURCES,
} from '../../lib/core/index.js'
import { aClient, RESOURCES } from './fixtures.js'

const PROFILE_CLAIMS = [
  'name',
  'family_name',
  'given_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'updated_at',
]

function typesFor(
  caller: ProfileDataCaller,
  scopes: string[],
  options: { resources?: Resources; allowedScopes?: string[]; resourceIndicators?: string[] } = {},
): string[] {
  const resolved = resolveRequestedResources({
    scopes,
    resourceIndicators: options.resourceIndicators,
    client: aClient({ allowedScopes: options.allowedScopes }),
    resources: options.resources ?? RESOURCES,
  })
  return [...requestedClaimTypes(resolved, caller)].sort()
}

const { ClaimsProviderIdentityToken, ClaimsProviderAccessToken, UserInfoEndpoint } =
  ProfileDataCallers
const REQUEST = ['openid', 'email', 'tenant', 'orders/read']

describe('resolveRequestedResources and requestedClaimTypes', () => {
  it.each([
    ClaimsProviderIdentityToken,
    UserInfoEndpoint,
  ])('requests the claims of the identity resources for %s', (caller) => {
    expect(typesFor(caller, REQUEST)).toEqual([
      'email',
      'email_verified',
      'tenant_id',
      'tenant_role',
    ])
  })

  it('requests the claims of the API scopes and of the API resources whose scopes are requested for the access token', () => {
    expect(typesFor(ClaimsProviderAccessToken, REQUEST)).toEqual(['department', 'employee_id'])
  })

  it('requests an API resource once however many of its scopes are requested', () => {
    const resolved = resolveRequestedResources({
      scopes: ['orders/read', 'orders/write'],
      client: aClient(),
      resources: RESOURCES,
    })
    expect(resolved.apiResources.map((r) => r.name)).toEqual(['orders'])
    expect(typesFor(ClaimsProviderAccessToken, ['orders/read', 'orders/write'])).toEqual([
      'approval_limit',
      'department',
      'employee_id',
    ])
  })

  it('requests no API resource named as a resource indicator when none of its scopes is requested', () => {
    expect(
      typesFor(ClaimsProviderAccessToken, ['openid'], { resourceIndicators: ['billing'] }),
    ).toEqual([])
  })

  it('narrows the access token to the resources named as resource indicators', () => {
    const scopes = ['openid', 'orders/read', 'billing/read']
    expect(
      typesFor(ClaimsProviderAccessToken, scopes, { resourceIndicators: ['billing'] }),
    ).toEqual(['billing_account', 'cost_center'])
    expect(typesFor(ClaimsProviderAccessToken, scopes)).toEqual([
      'billing_account',
      'cost_center',
      'department',
      'employee_id',
    ])
  })

  it('never lets a resource indicator get past allowedScopes', () => {
    expect(
      typesFor(ClaimsProviderAccessToken, ['billing/read'], {
        allowedScopes: ['openid'],
        resourceIndicators: ['billing'],
      }),
    ).toEqual([])
  })

  it('requests no API resource whose scopes are not requested', () => {
    const resolved = resolveRequestedResources({
      scopes: ['orders/read'],
      client: aClient(),
      resources: RESOURCES,
    })
    expect(resolved.apiResources.map((r) => r.name)).not.toContain('billing')
  })

  it.each([
    { scope: 'openid', types: [] },
    { scope: 'profile', types: [...PROFILE_CLAIMS].sort() },
    { scope: 'email', types: ['email', 'email_verified'] },
    { scope: 'address', types: ['address'] },
    { scope: 'phone', types: ['phone_number', 'phone_number_verified'] },
  ])('requests $types for the standard scope $scope', ({ scope, types }) => {
    expect(typesFor(ClaimsProviderIdentityToken, [scope])).toEqual(types)
  })

  it('requests nothing for scopes that match no resource', () => {
    expect(
      typesFor(ClaimsProviderIdentityToken, ['unknown', 'aws.cognito.signin.user.admin']),
    ).toEqual([])
    expect(typesFor(ClaimsProviderAccessToken, ['unknown', 'email'])).toEqual([])
  })

  it('ignores requested scopes outside the client allowedScopes', () => {
    const resolved = resolveRequestedResources({
      scopes: ['openid', 'profile', 'email', 'orders/read'],
      client: aClient({ allowedScopes: ['openid', 'email'] }),
      resources: RESOURCES,
    })
    expect(resolved.scopes).toEqual(['openid', 'email'])
    expect(resolved.identityResources.map((r) => r.name)).toEqual(['openid', 'email'])
    expect(resolved.apiScopes).toEqual([])
    expect(resolved.apiResources).toEqual([])
  })

  it('honours every requested scope when the client has no allowedScopes', () => {
    const resolved = resolveRequestedResources({
      scopes: ['openid', 'profile', 'orders/read', 'unknown'],
      client: aClient(),
      resources: RESOURCES,
    })
    expect(resolved.scopes).toEqual(['openid', 'profile', 'orders/read', 'unknown'])
  })

  it('lists each honoured scope once, in request order', () => {
    const resolved = resolveRequestedResources({
      scopes: ['email', 'openid', 'email'],
      client: aClient(),
      resources: RESOURCES,
    })
    expect(resolved.scopes).toEqual(['email', 'openid'])
  })

  it('replaces a standard identity resource by a configured one of the same name', () => {
    const resources: Resources = {
      ...RESOURCES,
      identityResources: [{ name: 'profile', userClaims: ['name', 'tenant_display_name'] }],
    }
    expect(typesFor(ClaimsProviderIdentityToken, ['profile', 'email'], { resources })).toEqual([
      'email',
      'email_verified',
      'name',
      'tenant_display_name',
    ])
  })

  it('requests the claims of a custom identity resource by its scope', () => {
    expect(typesFor(UserInfoEndpoint, ['tenant'])).toEqual(['tenant_id', 'tenant_role'])
  })

  it.each([
    ClaimsProviderIdentityToken,
    ClaimsProviderAccessToken,
    UserInfoEndpoint,
  ])('removes protocol and reserved claim types from the types requested for %s', (caller) => {
    const userClaims = ['sub', 'aud', 'cognito:groups', 'token_use', 'dev:custom', 'tenant_id']
    const resources: Resources = {
      identityResources: [{ name: 'tenant', userClaims }],
      apiScopes: [{ name: 'tenant', userClaims }],
      apiResources: [],
    }
    expect(typesFor(caller, ['openid', 'tenant'], { resources })).toEqual(['tenant_id'])
  })
})

describe('effectiveIdentityResources', () => {
  it('lists the standard resources, each replaced in place by a configured one, then the others', () => {
    const override = { name: 'email', userClaims: ['email'] }
    const tenant = { name: 'tenant', userClaims: ['tenant_id'] }
    const effective = effectiveIdentityResources({
      identityResources: [tenant, override],
      apiScopes: [],
      apiResources: [],
    })
    expect(effective.map((r) => r.name)).toEqual([
      'openid',
      'profile',
      'email',
      'address',
      'phone',
      'tenant',
    ])
    expect(effective[2]).toBe(override)
    expect(effective[5]).toBe(tenant)
  })

  it('leaves the standard resources untouched', () => {
    effectiveIdentityResources({
      identityResources: [{ name: 'openid', userClaims: ['sub', 'extra'] }],
      apiScopes: [],
      apiResources: [],
    })
    expect(STANDARD_IDENTITY_RESOURCES[0]).toEqual({ name: 'openid', userClaims: ['sub'] })
    expect(Object.isFrozen(STANDARD_IDENTITY_RESOURCES)).toBe(true)
    for (const resource of STANDARD_IDENTITY_RESOURCES) {
      expect(Object.isFrozen(resource)).toBe(true)
      expect(Object.isFrozen(resource.userClaims)).toBe(true)
    }
  })

  it('merges each configuration’s list once, and a new list afresh', () => {
    const configured = [{ name: 'tenant', userClaims: ['tenant_id'] }]
    const resources = { identityResources: configured, apiScopes: [], apiResources: [] }
    const first = effectiveIdentityResources(resources)
    expect(effectiveIdentityResources({ ...resources })).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    const refreshed = effectiveIdentityResources({
      ...resources,
      identityResources: [{ name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] }],
    })
    expect(refreshed).not.toBe(first)
    expect(refreshed.at(-1)?.userClaims).toEqual(['tenant_id', 'tenant_role'])
  })
})

describe('resolveRequestedResources, remembered per snapshot and client', () => {
  const scopeNames = [
    'openid',
    'profile',
    'email',
    ...RESOURCES.identityResources.map((r) => r.name),
    ...RESOURCES.apiScopes.map((s) => s.name),
    'unknown',
  ]
  const indicatorNames = [...RESOURCES.apiResources.map((r) => r.name), 'urn:unknown']

  it('answers every request as a fresh resolution would, whatever came before', () => {
    const client = aClient({ allowedScopes: scopeNames.slice(0, -2) })
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            scopes: fc.subarray(scopeNames),
            indicators: fc.option(fc.subarray(indicatorNames), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        (requests) => {
          for (const { scopes, indicators } of requests) {
            const input = { scopes, resourceIndicators: indicators, resources: RESOURCES }
            const remembered = resolveRequestedResources({ ...input, client })
            const fresh = resolveRequestedResources({ ...input, client: { ...client } })
            expect(remembered).toEqual(fresh)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('hands back the same frozen answer for the same request, and a new one for a new snapshot', () => {
    const client = aClient({})
    const first = resolveRequestedResources({
      scopes: ['openid', 'email'],
      client,
      resources: RESOURCES,
    })
    expect(
      resolveRequestedResources({ scopes: ['openid', 'email'], client, resources: RESOURCES }),
    ).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    expect(Object.isFrozen(first.identityResources)).toBe(true)
    const refreshed = { ...RESOURCES, identityResources: [...RESOURCES.identityResources] }
    expect(
      resolveRequestedResources({ scopes: ['openid', 'email'], client, resources: refreshed }),
    ).not.toBe(first)
  })
})
