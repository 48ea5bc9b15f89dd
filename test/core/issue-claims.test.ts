import { describe, expect, it } from 'vitest'
import {
  issueClaims,
  ProfileDataCallers,
  type ProfileDataRequestContext,
  type ProfileService,
} from '../../lib/core/index.js'
import { aClient, aSubject } from './fixtures.js'

/** A profile service that issues `claims` and remembers what it was asked. */
function recordingProfileService(claims: ProfileDataRequestContext['issuedClaims'] = []) {
  const calls: Array<{ context: ProfileDataRequestContext; signal: AbortSignal | undefined }> = []
  const profileService: ProfileService = {
    async getProfileData(context, signal) {
      calls.push({ context, signal })
      context.issuedClaims.push(...claims)
    },
    async isActive() {},
  }
  return { profileService, calls }
}

describe('issueClaims', () => {
  it('runs the profile service with the subject, client, caller, requested types and signal', async () => {
    const { profileService, calls } = recordingProfileService()
    const subject = aSubject()
    const client = aClient()
    const signal = new AbortController().signal
    await issueClaims({
      profileService,
      subject,
      client,
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
      requestedClaimTypes: ['email', 'email'],
      signal,
    })
    expect(calls).toHaveLength(1)
    const [{ context, signal: passed }] = calls as [(typeof calls)[number]]
    expect(context.subject).toBe(subject)
    expect(context.client).toBe(client)
    expect(context.caller).toBe('ClaimsProviderIdentityToken')
    expect([...context.requestedClaimTypes]).toEqual(['email'])
    expect(passed).toBe(signal)
  })

  it('issues the claims the profile service issued, then the client claims', async () => {
    const { profileService } = recordingProfileService([
      { type: 'email', value: 'a@example.com' },
      { type: 'role', value: 'admin' },
    ])
    const { claims, restricted } = await issueClaims({
      profileService,
      subject: aSubject(),
      client: aClient({ claims: [{ type: 'tier', value: '3' }], alwaysSendClientClaims: true }),
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
      requestedClaimTypes: ['email'],
    })
    expect(claims.map((c) => c.type)).toEqual(['email', 'role', 'client_tier'])
    expect(restricted).toEqual([])
  })

  it('drops and reports protocol and reserved claims a profile service issued directly', async () => {
    const { profileService } = recordingProfileService([
      { type: 'sub', value: 'someone-else' },
      { type: 'email', value: 'a@example.com' },
      { type: 'cognito:groups', value: 'admins' },
      { type: 'dev:debug', value: 'on' },
      { type: 'exp', value: '9999999999', valueType: 'integer64' },
    ])
    const { claims, restricted } = await issueClaims({
      profileService,
      subject: aSubject(),
      client: aClient(),
      caller: ProfileDataCallers.UserInfoEndpoint,
      requestedClaimTypes: ['email'],
    })
    expect(claims).toEqual([{ type: 'email', value: 'a@example.com' }])
    expect(restricted).toEqual([
      { type: 'sub', source: 'profile', restriction: 'protocol' },
      { type: 'cognito:groups', source: 'profile', restriction: 'reserved' },
      { type: 'dev:debug', source: 'profile', restriction: 'reserved' },
      { type: 'exp', source: 'profile', restriction: 'protocol' },
    ])
  })

  it('does not run the profile service and issues only client claims when there is no user', async () => {
    const { profileService, calls } = recordingProfileService([
      { type: 'email', value: 'a@example.com' },
    ])
    const { claims } = await issueClaims({
      profileService,
      client: aClient({ claims: [{ type: 'tier', value: '3', valueType: 'integer' }] }),
      caller: ProfileDataCallers.ClaimsProviderAccessToken,
      requestedClaimTypes: ['email'],
    })
    expect(calls).toEqual([])
    expect(claims).toEqual([{ type: 'client_tier', value: '3', valueType: 'integer' }])
  })

  it('issues nothing when there is no user and the caller is not the access token', async () => {
    const { profileService } = recordingProfileService()
    const { claims, restricted } = await issueClaims({
      profileService,
      client: aClient({ claims: [{ type: 'tier', value: '3' }] }),
      caller: ProfileDataCallers.ClaimsProviderIdentityToken,
      requestedClaimTypes: [],
    })
    expect(claims).toEqual([])
    expect(restricted).toEqual([])
  })

  it('rejects with the profile service error when the profile service fails', async () => {
    const failure = new Error('boom')
    const profileService: ProfileService = {
      async getProfileData() {
        throw failure
      },
      async isActive() {},
    }
    await expect(
      issueClaims({
        profileService,
        subject: aSubject(),
        client: aClient(),
        caller: ProfileDataCallers.ClaimsProviderIdentityToken,
        requestedClaimTypes: [],
      }),
    ).rejects.toBe(failure)
  })
})
