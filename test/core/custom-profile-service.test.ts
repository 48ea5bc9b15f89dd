import { describe, expect, it } from 'vitest'
import {
  checkIsActive,
  DefaultProfileService,
  issueClaims,
  ProfileDataCallers,
  type ProfileDataRequestContext,
  ProfileIsActiveCallers,
  type ProfileService,
  serializeClaims,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore } from './fixtures.js'

// The README shows this profile service: keep the two in step.
const profileService: ProfileService = {
  async getProfileData(context) {
    context.issuedClaims.push({ type: 'plan', value: 'enterprise' })
    if (context.client.clientId === 'reporting-app') {
      context.issuedClaims.push({ type: 'report_quota', value: '100', valueType: 'integer' })
    }
  },
  async isActive(context) {
    context.isActive = context.subject.sub !== 'suspended-user'
  },
}

async function tokenClaims(service: ProfileService, clientId: string) {
  const { claims } = await issueClaims({
    profileService: service,
    subject: aSubject(),
    client: aClient({ clientId }),
    caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    requestedClaimTypes: ['email'],
  })
  return serializeClaims(claims, 'token').claims
}

describe('a custom profile service', () => {
  it('always emits its claim, whatever the requested types', async () => {
    expect(await tokenClaims(profileService, 'web-app')).toEqual({ plan: 'enterprise' })
  })

  it('emits a claim for one client id only', async () => {
    expect(await tokenClaims(profileService, 'reporting-app')).toEqual({
      plan: 'enterprise',
      report_quota: 100,
    })
  })

  it('decides who is active', async () => {
    const check = (sub: string) =>
      checkIsActive({
        profileService,
        subject: aSubject([], sub),
        client: aClient(),
        caller: ProfileIsActiveCallers.RefreshTokenValidation,
      })
    expect(await check('user-1')).toBe(true)
    expect(await check('suspended-user')).toBe(false)
  })

  it('can extend the default profile service', async () => {
    class TenantProfileService extends DefaultProfileService {
      override async getProfileData(context: ProfileDataRequestContext, signal?: AbortSignal) {
        await super.getProfileData(context, signal)
        context.issuedClaims.push({ type: 'tenant', value: 'acme' })
      }
    }
    const store = inMemoryClaimsStore([
      { sub: 'user-1', active: true, claims: [{ type: 'email', value: 'a@example.com' }] },
    ])
    expect(await tokenClaims(new TenantProfileService(store), 'web-app')).toEqual({
      email: 'a@example.com',
      tenant: 'acme',
    })
  })
})
