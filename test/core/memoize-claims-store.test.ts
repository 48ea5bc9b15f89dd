import { describe, expect, it } from 'vitest'
import {
  type ClaimsConfigurationSource,
  createReadAhead,
  DefaultProfileService,
  IsActiveContext,
  memoizeClaimsStore,
  ProfileDataCallers,
  ProfileDataRequestContext,
  ProfileIsActiveCallers,
  type StoredUser,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore } from './fixtures.js'

const ALICE: StoredUser = { sub: 'alice', active: true, claims: [{ type: 'role', value: 'admin' }] }
const BOB: StoredUser = { sub: 'bob', active: false, claims: [] }

const aSignal = () => new AbortController().signal

describe('memoizeClaimsStore', () => {
  it('reads a user once for two calls with the same sub and signal', async () => {
    const store = inMemoryClaimsStore([ALICE])
    const memoized = memoizeClaimsStore(store)
    const signal = aSignal()
    expect(await memoized.findUser('alice', signal)).toBe(ALICE)
    expect(await memoized.findUser('alice', signal)).toBe(ALICE)
    expect(store.reads).toEqual([{ sub: 'alice', signal }])
  })

  it('shares a read that is still in flight', async () => {
    const store = inMemoryClaimsStore([ALICE])
    const memoized = memoizeClaimsStore(store)
    const signal = aSignal()
    const [first, second] = await Promise.all([
      memoized.findUser('alice', signal),
      memoized.findUser('alice', signal),
    ])
    expect(first).toBe(ALICE)
    expect(second).toBe(ALICE)
    expect(store.reads).toHaveLength(1)
  })

  it('remembers that a user has no record', async () => {
    const store = inMemoryClaimsStore([])
    const memoized = memoizeClaimsStore(store)
    const signal = aSignal()
    expect(await memoized.findUser('nobody', signal)).toBeUndefined()
    expect(await memoized.findUser('nobody', signal)).toBeUndefined()
    expect(store.reads).toHaveLength(1)
  })

  it('reads each sub separately', async () => {
    const store = inMemoryClaimsStore([ALICE, BOB])
    const memoized = memoizeClaimsStore(store)
    const signal = aSignal()
    expect(await memoized.findUser('alice', signal)).toBe(ALICE)
    expect(await memoized.findUser('bob', signal)).toBe(BOB)
    expect(store.reads.map((read) => read.sub)).toEqual(['alice', 'bob'])
  })

  it('reads again for another signal, so one invocation never sees another one’s read', async () => {
    const store = inMemoryClaimsStore([ALICE])
    const memoized = memoizeClaimsStore(store)
    await memoized.findUser('alice', aSignal())
    await memoized.findUser('alice', aSignal())
    expect(store.reads).toHaveLength(2)
  })

  it('does not share calls without a signal', async () => {
    const store = inMemoryClaimsStore([ALICE])
    const memoized = memoizeClaimsStore(store)
    expect(await memoized.findUser('alice')).toBe(ALICE)
    expect(await memoized.findUser('alice')).toBe(ALICE)
    expect(store.reads).toEqual([
      { sub: 'alice', signal: undefined },
      { sub: 'alice', signal: undefined },
    ])
  })

  it('retries a failed read on the next call', async () => {
    const store = inMemoryClaimsStore([ALICE], { failures: 1 })
    const memoized = memoizeClaimsStore(store)
    const signal = aSignal()
    await expect(memoized.findUser('alice', signal)).rejects.toThrow('store unavailable')
    expect(await memoized.findUser('alice', signal)).toBe(ALICE)
    expect(await memoized.findUser('alice', signal)).toBe(ALICE)
    expect(store.reads).toHaveLength(2)
  })

  it('lets isActive and both tokens of one invocation share one read through the default profile service', async () => {
    const store = inMemoryClaimsStore([ALICE])
    const service = new DefaultProfileService(memoizeClaimsStore(store))
    const subject = aSubject([], 'alice')
    const client = aClient()
    const signal = aSignal()
    const active = new IsActiveContext({
      subject,
      client,
      caller: ProfileIsActiveCallers.AuthorizeEndpoint,
    })
    await service.isActive(active, signal)
    expect(active.isActive).toBe(true)
    for (const caller of [
      ProfileDataCallers.ClaimsProviderIdentityToken,
      ProfileDataCallers.ClaimsProviderAccessToken,
    ]) {
      const context = new ProfileDataRequestContext({
        subject,
        client,
        caller,
        requestedClaimTypes: ['role'],
      })
      await service.getProfileData(context, signal)
      expect(context.issuedClaims).toEqual([{ type: 'role', value: 'admin' }])
    }
    expect(store.reads).toHaveLength(1)
  })
})

describe('createReadAhead', () => {
  it('sends the read, which the memoized store then hands out for the same signal', async () => {
    const inner = inMemoryClaimsStore([{ sub: 'user-1', active: true, claims: [] }])
    const store = memoizeClaimsStore(inner)
    const signal = new AbortController().signal

    createReadAhead(store)({ sub: 'user-1' }, signal)
    expect(inner.reads).toHaveLength(1)
    await expect(store.findUser('user-1', signal)).resolves.toMatchObject({ sub: 'user-1' })
    expect(inner.reads).toHaveLength(1)
  })

  it('starts the resources and the named client through the source, and the user through the store', async () => {
    const inner = inMemoryClaimsStore([{ sub: 'user-1', active: true, claims: [] }])
    const asked: string[] = []
    const source: ClaimsConfigurationSource = {
      loadResources: async (signal) => {
        asked.push(`resources:${signal?.aborted}`)
        return { identityResources: [], apiScopes: [], apiResources: [] }
      },
      findClient: async (clientId, signal) => {
        asked.push(`client ${clientId}:${signal?.aborted}`)
        return undefined
      },
    }
    const readAhead = createReadAhead(inner, source)

    readAhead({ sub: 'user-1', clientId: 'app-1' }, aSignal())
    expect(asked).toEqual(['client app-1:false', 'resources:false'])
    expect(inner.reads).toHaveLength(1)
    readAhead({ sub: 'user-1' }, aSignal())
    expect(asked).toEqual(['client app-1:false', 'resources:false', 'resources:false'])
    readAhead({ clientId: 'app-2' }, aSignal())
    expect(asked.at(-2)).toBe('client app-2:false')
    expect(inner.reads).toHaveLength(2)
  })

  it('leaves a failed load of the configuration to surface where the pipeline asks', async () => {
    const failing: ClaimsConfigurationSource = {
      loadResources: async () => {
        throw new Error('resources down')
      },
      findClient: async () => {
        throw new Error('client down')
      },
    }
    createReadAhead(inMemoryClaimsStore([]), failing)({ clientId: 'app-1' }, aSignal())
    // No unhandled rejection: vitest fails the run on one.
    await new Promise((resolve) => setImmediate(resolve))
    await expect(failing.findClient('app-1')).rejects.toThrow('client down')
  })

  it('leaves a failed read to surface where the profile service asks', async () => {
    const inner = inMemoryClaimsStore([], { failures: 1 })
    const signal = new AbortController().signal

    createReadAhead(inner)({ sub: 'user-1' }, signal)
    // No unhandled rejection from the read sent ahead; the next read is a fresh one.
    await new Promise((resolve) => setImmediate(resolve))
    await expect(inner.findUser('user-1', signal)).resolves.toBeUndefined()
    expect(inner.reads).toHaveLength(2)
  })
})
