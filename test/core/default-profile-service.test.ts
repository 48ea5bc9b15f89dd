import { describe, expect, it } from 'vitest'
import {
  type Claim,
  DefaultProfileService,
  IsActiveContext,
  issueClaims,
  mergeClaims,
  ProfileDataCallers,
  ProfileDataRequestContext,
  type ProfileIsActiveCaller,
  ProfileIsActiveCallers,
  type StoredUser,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore } from './fixtures.js'

const USER: StoredUser = {
  sub: 'user-1',
  active: true,
  claims: [
    { type: 'email', value: 'stored@example.com' },
    { type: 'tenant_id', value: '42', valueType: 'integer' },
    { type: 'role', value: 'admin' },
    { type: 'role', value: 'editor' },
  ],
}

async function profileClaims(options: {
  users?: StoredUser[]
  subjectClaims?: Claim[]
  requested: string[]
}): Promise<Claim[]> {
  const service = new DefaultProfileService(inMemoryClaimsStore(options.users ?? [USER]))
  const context = new ProfileDataRequestContext({
    subject: aSubject(options.subjectClaims),
    client: aClient(),
    caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    requestedClaimTypes: options.requested,
  })
  await service.getProfileData(context)
  return context.issuedClaims
}

async function isActive(
  users: StoredUser[],
  options?: { requireProfile?: boolean },
): Promise<boolean> {
  const service = new DefaultProfileService(inMemoryClaimsStore(users), options)
  const context = new IsActiveContext({
    subject: aSubject(),
    client: aClient(),
    caller: ProfileIsActiveCallers.ResourceOwnerValidation,
  })
  await service.isActive(context)
  return context.isActive
}

describe('DefaultProfileService', () => {
  describe('getProfileData', () => {
    it('issues the stored claims of the requested types', async () => {
      expect(await profileClaims({ requested: ['role', 'tenant_id'] })).toEqual([
        { type: 'tenant_id', value: '42', valueType: 'integer' },
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
      ])
    })

    it('drops a subject claim whose type the store has, even with a different value', async () => {
      const issued = await profileClaims({
        subjectClaims: [
          { type: 'email', value: 'self-written@example.com' },
          { type: 'role', value: 'admin' },
          { type: 'role', value: 'superuser' },
        ],
        requested: ['email', 'role'],
      })
      expect(issued).toEqual([
        { type: 'email', value: 'stored@example.com' },
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
      ])
    })

    it('issues subject claims of other types when they are requested', async () => {
      const issued = await profileClaims({
        subjectClaims: [
          { type: 'locale', value: 'nb-NO' },
          { type: 'zoneinfo', value: 'Europe/Oslo' },
        ],
        requested: ['email', 'locale'],
      })
      expect(issued).toEqual([
        { type: 'email', value: 'stored@example.com' },
        { type: 'locale', value: 'nb-NO' },
      ])
    })

    it('issues the requested subject claims when the user has no record', async () => {
      const issued = await profileClaims({
        users: [],
        subjectClaims: [{ type: 'email', value: 'subject@example.com' }],
        requested: ['email', 'role'],
      })
      expect(issued).toEqual([{ type: 'email', value: 'subject@example.com' }])
    })

    it('reads the store by the subject sub with the signal it was given', async () => {
      const store = inMemoryClaimsStore([USER])
      const signal = new AbortController().signal
      const context = new ProfileDataRequestContext({
        subject: aSubject([], 'user-1'),
        client: aClient(),
        caller: ProfileDataCallers.UserInfoEndpoint,
        requestedClaimTypes: ['email'],
      })
      await new DefaultProfileService(store).getProfileData(context, signal)
      expect(store.reads).toEqual([{ sub: 'user-1', signal }])
    })

    it('never issues a protocol claim from the store or the subject through issueClaims', async () => {
      const users: StoredUser[] = [
        { ...USER, claims: [...USER.claims, { type: 'sub', value: 'forged' }] },
      ]
      const { claims } = await issueClaims({
        profileService: new DefaultProfileService(inMemoryClaimsStore(users)),
        subject: aSubject([{ type: 'sub', value: 'user-1' }]),
        client: aClient(),
        caller: ProfileDataCallers.UserInfoEndpoint,
        requestedClaimTypes: ['sub', 'email'],
      })
      expect(claims).toEqual([{ type: 'email', value: 'stored@example.com' }])
    })
  })

  describe('isActive', () => {
    it.each([
      { users: [], requireProfile: undefined, active: true },
      { users: [], requireProfile: false, active: true },
      { users: [], requireProfile: true, active: false },
      { users: [USER], requireProfile: true, active: true },
      { users: [{ ...USER, active: false }], requireProfile: undefined, active: false },
      { users: [{ ...USER, active: false }], requireProfile: true, active: false },
    ])('says $active for $users.length stored users when requireProfile is $requireProfile', async ({
      users,
      requireProfile,
      active,
    }) => {
      expect(await isActive(users, { requireProfile })).toBe(active)
    })

    describe('after the user signed out (tokensValidAfter)', () => {
      const SIGNED_OUT: StoredUser = { ...USER, tokensValidAfter: 1_700_000_000 }
      const withIat = (iat: string | undefined) =>
        aSubject(iat === undefined ? [] : [{ type: 'iat', value: iat, valueType: 'integer64' }])
      const ask = async (caller: ProfileIsActiveCaller, iat: string | undefined) => {
        const service = new DefaultProfileService(inMemoryClaimsStore([SIGNED_OUT]))
        const context = new IsActiveContext({ subject: withIat(iat), client: aClient(), caller })
        await service.isActive(context)
        return context.isActive
      }

      it.each([
        ProfileIsActiveCallers.AccessTokenValidation,
        ProfileIsActiveCallers.UserInfoRequestValidation,
      ])('%s refuses a token issued at or before it and accepts a later one', async (caller) => {
        expect(await ask(caller, '1699999999')).toBe(false)
        expect(await ask(caller, '1700000000')).toBe(false)
        expect(await ask(caller, '1700000001')).toBe(true)
      })

      it('refuses a token without a readable iat', async () => {
        expect(await ask(ProfileIsActiveCallers.AccessTokenValidation, undefined)).toBe(false)
        expect(await ask(ProfileIsActiveCallers.AccessTokenValidation, 'soon')).toBe(false)
      })

      it('leaves sign-ins and refreshes to the active flag', async () => {
        expect(await ask(ProfileIsActiveCallers.RefreshTokenValidation, undefined)).toBe(true)
        expect(await ask(ProfileIsActiveCallers.ResourceOwnerValidation, '1')).toBe(true)
      })
    })

    it('says true for a user without a record when built without options', async () => {
      const service = new DefaultProfileService(inMemoryClaimsStore([]))
      const context = new IsActiveContext({
        subject: aSubject(),
        client: aClient(),
        caller: ProfileIsActiveCallers.RefreshTokenValidation,
      })
      await service.isActive(context)
      expect(context.isActive).toBe(true)
    })

    it('passes the signal to the store', async () => {
      const store = inMemoryClaimsStore([USER])
      const signal = new AbortController().signal
      const context = new IsActiveContext({
        subject: aSubject(),
        client: aClient(),
        caller: ProfileIsActiveCallers.AuthorizeEndpoint,
      })
      await new DefaultProfileService(store).isActive(context, signal)
      expect(store.reads).toEqual([{ sub: 'user-1', signal }])
    })

    it('rejects when the store fails', async () => {
      const context = new IsActiveContext({
        subject: aSubject(),
        client: aClient(),
        caller: ProfileIsActiveCallers.AuthorizeEndpoint,
      })
      const service = new DefaultProfileService(inMemoryClaimsStore([USER], { failures: 1 }))
      await expect(service.isActive(context)).rejects.toThrow('store unavailable')
    })
  })
})

describe('mergeClaims', () => {
  it('keeps the stored claims, then the subject claims of types the store lacks, in order', () => {
    const stored: Claim[] = [
      { type: 'role', value: 'admin' },
      { type: 'email', value: 'stored@example.com' },
    ]
    const subject: Claim[] = [
      { type: 'locale', value: 'en' },
      { type: 'email', value: 'subject@example.com' },
      { type: 'Email', value: 'other-case@example.com' },
      { type: 'role', value: 'admin' },
    ]
    expect(mergeClaims(stored, subject)).toEqual([
      { type: 'role', value: 'admin' },
      { type: 'email', value: 'stored@example.com' },
      { type: 'locale', value: 'en' },
      { type: 'Email', value: 'other-case@example.com' },
    ])
  })
})
