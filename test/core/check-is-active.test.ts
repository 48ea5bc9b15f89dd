import { describe, expect, it } from 'vitest'
import {
  checkIsActive,
  DefaultProfileService,
  type IsActiveContext,
  type ProfileIsActiveCaller,
  ProfileIsActiveCallers,
  type ProfileService,
  type StoredUser,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore } from './fixtures.js'

const ACTIVE: StoredUser = { sub: 'active-user', active: true, claims: [] }
const INACTIVE: StoredUser = { sub: 'inactive-user', active: false, claims: [] }

describe('checkIsActive', () => {
  it.each([
    { sub: 'active-user', requireProfile: false, active: true },
    { sub: 'inactive-user', requireProfile: false, active: false },
    { sub: 'unknown-user', requireProfile: false, active: true },
    { sub: 'unknown-user', requireProfile: true, active: false },
  ])('says $active for $sub with the default profile service when requireProfile is $requireProfile', async ({
    sub,
    requireProfile,
    active,
  }) => {
    const profileService = new DefaultProfileService(inMemoryClaimsStore([ACTIVE, INACTIVE]), {
      requireProfile,
    })
    const isActive = await checkIsActive({
      profileService,
      subject: aSubject([], sub),
      client: aClient(),
      caller: ProfileIsActiveCallers.ResourceOwnerValidation,
    })
    expect(isActive).toBe(active)
  })

  it.each([
    { caller: ProfileIsActiveCallers.RefreshTokenValidation, active: false },
    { caller: ProfileIsActiveCallers.AuthorizeEndpoint, active: true },
    { caller: ProfileIsActiveCallers.UserInfoRequestValidation, active: true },
  ])('says $active for $caller with a custom profile service that refuses refreshes', async ({
    caller,
    active,
  }) => {
    const profileService: ProfileService = {
      async getProfileData() {},
      async isActive(context) {
        if (context.caller === ProfileIsActiveCallers.RefreshTokenValidation)
          context.isActive = false
      },
    }
    expect(
      await checkIsActive({ profileService, subject: aSubject(), client: aClient(), caller }),
    ).toBe(active)
  })

  it('gives the profile service the subject, client, caller and signal', async () => {
    const seen: Array<{ context: IsActiveContext; signal: AbortSignal | undefined }> = []
    const profileService: ProfileService = {
      async getProfileData() {},
      async isActive(context, signal) {
        seen.push({ context, signal })
      },
    }
    const subject = aSubject()
    const client = aClient()
    const caller: ProfileIsActiveCaller = ProfileIsActiveCallers.DeviceCodeValidation
    const signal = new AbortController().signal
    expect(await checkIsActive({ profileService, subject, client, caller, signal })).toBe(true)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.context.subject).toBe(subject)
    expect(seen[0]?.context.client).toBe(client)
    expect(seen[0]?.context.caller).toBe(caller)
    expect(seen[0]?.signal).toBe(signal)
  })

  it('rejects when the profile service fails', async () => {
    const profileService = new DefaultProfileService(inMemoryClaimsStore([ACTIVE], { failures: 1 }))
    await expect(
      checkIsActive({
        profileService,
        subject: aSubject([], 'active-user'),
        client: aClient(),
        caller: ProfileIsActiveCallers.AuthorizeEndpoint,
      }),
    ).rejects.toThrow('store unavailable')
  })
})
