import { describe, expect, it } from 'vitest'
import {
  CachedConfigurationSource,
  type CachedConfigurationSourceOptions,
} from '../../lib/configuration-cache/index.js'
import type { ClaimsConfigurationSource } from '../../lib/core/claims-configuration.js'
import { type Client, unknownClient } from '../../lib/core/client.js'
import { ClaimsStoreUnavailableError } from '../../lib/core/errors.js'
import type { Resources } from '../../lib/core/resources.js'

function configuration(label: string): Resources {
  return {
    identityResources: [{ name: label, userClaims: [] }],
    apiScopes: [],
    apiResources: [],
  }
}

interface Pending<T> {
  resolve: (value: T) => void
  reject: (error: unknown) => void
}

/** A source whose loads the test settles by hand, so nothing depends on timing. */
class ManualSource implements ClaimsConfigurationSource {
  readonly pending: Pending<Resources>[] = []
  readonly pendingClients: (Pending<Client | undefined> & { clientId: string })[] = []
  loads = 0
  readonly lookups: string[] = []

  loadResources(): Promise<Resources> {
    this.loads += 1
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }))
  }

  findClient(clientId: string): Promise<Client | undefined> {
    this.lookups.push(clientId)
    return new Promise((resolve, reject) => this.pendingClients.push({ clientId, resolve, reject }))
  }

  resolveNext(value: Resources): void {
    this.pending.shift()?.resolve(value)
  }

  rejectNext(error: unknown): void {
    this.pending.shift()?.reject(error)
  }

  /** Answers the oldest client lookup: the client, or `undefined` when `found` is false. */
  answerNextClient(found: boolean, label = 'v1'): void {
    const next = this.pendingClients.shift()
    next?.resolve(
      found ? { ...unknownClient(next.clientId), clientClaimsPrefix: label } : undefined,
    )
  }

  failNextClient(error: unknown): void {
    this.pendingClients.shift()?.reject(error)
  }
}

function setup(options: Omit<CachedConfigurationSourceOptions, 'now' | 'logger'> = {}) {
  const clock = { now: 0 }
  const warnings: { message: string; fields: Readonly<Record<string, unknown>> }[] = []
  const source = new ManualSource()
  const cache = new CachedConfigurationSource(source, {
    ttlMs: 60_000,
    maxStaleMs: 300_000,
    jitter: 0,
    ...options,
    now: () => clock.now,
    logger: { warn: (message, fields) => warnings.push({ message, fields }) },
  })
  async function loadWith(value: Resources): Promise<Resources> {
    const loading = cache.loadResources()
    await Promise.resolve()
    source.resolveNext(value)
    return loading
  }
  async function findWith(clientId: string, found: boolean, label = 'v1') {
    const finding = cache.findClient(clientId)
    await Promise.resolve()
    source.answerNextClient(found, label)
    return finding
  }
  return { clock, warnings, source, cache, loadWith, findWith }
}

describe('CachedConfigurationSource', () => {
  it('serves the loaded copy without asking the source again when within the TTL', async () => {
    const { clock, source, cache, loadWith } = setup()
    const first = await loadWith(configuration('v1'))
    clock.now = 59_999
    await expect(cache.loadResources()).resolves.toBe(first)
    expect(source.loads).toBe(1)
  })

  it('loads again when the TTL has passed', async () => {
    const { clock, source, loadWith } = setup()
    await loadWith(configuration('v1'))
    clock.now = 60_000
    await expect(loadWith(configuration('v2'))).resolves.toEqual(configuration('v2'))
    expect(source.loads).toBe(2)
  })

  it('shares one refresh among callers when they arrive while it runs', async () => {
    const { clock, source, cache, loadWith } = setup()
    await loadWith(configuration('v1'))
    clock.now = 61_000
    const callers = Array.from({ length: 20 }, () => cache.loadResources())
    await Promise.resolve()
    source.resolveNext(configuration('v2'))
    const results = await Promise.all(callers)
    expect(source.loads).toBe(2)
    expect(new Set(results).size).toBe(1)
    expect(results[0]).toEqual(configuration('v2'))
  })

  it('serves the last good copy and warns when a refresh fails within the max-stale time', async () => {
    const { clock, source, cache, warnings, loadWith } = setup()
    const good = await loadWith(configuration('v1'))
    clock.now = 60_000 + 300_000
    const loading = cache.loadResources()
    await Promise.resolve()
    const failure = new ClaimsStoreUnavailableError('down')
    source.rejectNext(failure)
    await expect(loading).resolves.toBe(good)
    expect(warnings).toEqual([
      {
        message: 'configuration refresh failed; serving the last good copy',
        fields: { item: 'resources', staleForMs: 300_000, maxStaleMs: 300_000, error: failure },
      },
    ])
  })

  it('rejects with the refresh error when the copy is older than the max-stale time', async () => {
    const { clock, source, cache, warnings, loadWith } = setup()
    await loadWith(configuration('v1'))
    clock.now = 60_000 + 300_001
    const loading = cache.loadResources()
    await Promise.resolve()
    const failure = new ClaimsStoreUnavailableError('down')
    source.rejectNext(failure)
    await expect(loading).rejects.toBe(failure)
    expect(warnings).toEqual([])
  })

  it('rejects when the first load fails and loads again on the next call', async () => {
    const { source, cache, loadWith } = setup()
    const loading = cache.loadResources()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(loading).rejects.toThrow('down')
    await expect(loadWith(configuration('v1'))).resolves.toEqual(configuration('v1'))
    expect(source.loads).toBe(2)
  })

  it('serves the stale copy without asking the source until retryAfterFailureMs has passed', async () => {
    const { clock, source, cache, loadWith } = setup({ retryAfterFailureMs: 5_000 })
    await loadWith(configuration('v1'))
    clock.now = 70_000
    const stale = cache.loadResources()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(stale).resolves.toEqual(configuration('v1'))

    clock.now = 74_999
    await expect(cache.loadResources()).resolves.toEqual(configuration('v1'))
    expect(source.loads).toBe(2)

    clock.now = 75_000
    await expect(loadWith(configuration('v2'))).resolves.toEqual(configuration('v2'))
    clock.now = 134_999
    await expect(cache.loadResources()).resolves.toEqual(configuration('v2'))
    expect(source.loads).toBe(3)
  })

  it('stops serving the stale copy at the max-stale time even inside the retry interval', async () => {
    const { clock, source, cache } = setup({ maxStaleMs: 10_000, retryAfterFailureMs: 60_000 })
    const first = cache.loadResources()
    await Promise.resolve()
    source.resolveNext(configuration('v1'))
    await first
    clock.now = 60_000
    const stale = cache.loadResources()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(stale).resolves.toEqual(configuration('v1'))

    clock.now = 70_001
    const expired = cache.loadResources()
    await Promise.resolve()
    source.rejectNext(new Error('still down'))
    await expect(expired).rejects.toThrow('still down')
    expect(source.loads).toBe(3)
  })

  it('keeps working when the source throws instead of rejecting', async () => {
    let calls = 0
    const cache = new CachedConfigurationSource({
      loadResources: () => {
        calls += 1
        if (calls === 1) throw new Error('thrown at once')
        return Promise.resolve(configuration('v1'))
      },
      findClient: async () => undefined,
    })
    await expect(cache.loadResources()).rejects.toThrow('thrown at once')
    await expect(cache.loadResources()).resolves.toEqual(configuration('v1'))
  })

  it('ends only the aborting caller’s wait when its signal aborts during a refresh', async () => {
    const { source, cache } = setup()
    const controller = new AbortController()
    const impatient = cache.loadResources(controller.signal)
    const patient = cache.loadResources(new AbortController().signal)
    controller.abort(new Error('deadline'))
    await expect(impatient).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    source.resolveNext(configuration('v1'))
    await expect(patient).resolves.toEqual(configuration('v1'))
    expect(source.loads).toBe(1)
  })

  it('rejects with ClaimsStoreUnavailableError without loading when the signal is already aborted', async () => {
    const { source, cache } = setup()
    const error = await cache
      .loadResources(AbortSignal.abort(new Error('late')))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
    expect((error as Error).cause).toEqual(new Error('late'))
    expect(source.loads).toBe(0)
  })

  it('serves nothing stale when maxStaleMs is 0', async () => {
    const { clock, source, cache, loadWith } = setup({ maxStaleMs: 0 })
    await loadWith(configuration('v1'))
    clock.now = 60_001
    const loading = cache.loadResources()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(loading).rejects.toThrow('down')
  })

  it.each([
    ['ttlMs is negative', { ttlMs: -1 }],
    ['maxStaleMs is not an integer', { maxStaleMs: 0.5 }],
    ['retryAfterFailureMs is negative', { retryAfterFailureMs: -1 }],
    ['jitter is above 1', { jitter: 1.5 }],
    ['maxClients is 0', { maxClients: 0 }],
  ])('throws a TypeError when %s', (_case, options) => {
    expect(() => new CachedConfigurationSource(new ManualSource(), options)).toThrow(TypeError)
  })

  it('throws a TypeError when the source lacks loadResources or findClient', () => {
    expect(
      () =>
        new CachedConfigurationSource({
          loadResources: new ManualSource().loadResources,
        } as ClaimsConfigurationSource),
    ).toThrow(TypeError)
    expect(() => new CachedConfigurationSource({} as ClaimsConfigurationSource)).toThrow(TypeError)
  })

  it('takes up to the jitter fraction of the TTL off a copy, at random', async () => {
    const { clock, source, cache, loadWith } = setup({ jitter: 0.1, random: () => 0.5 })
    await loadWith(configuration('v1'))
    clock.now = 56_999
    await cache.loadResources()
    expect(source.loads).toBe(1)
    clock.now = 57_000
    await loadWith(configuration('v2'))
    expect(source.loads).toBe(2)
  })
})

describe('CachedConfigurationSource clients', () => {
  it('looks a client up once per TTL, and each client on its own', async () => {
    const { clock, source, cache, findWith } = setup()
    const web = await findWith('web', true)
    await findWith('mobile', true)
    clock.now = 59_999
    await expect(cache.findClient('web')).resolves.toBe(web)
    expect(source.lookups).toEqual(['web', 'mobile'])
    clock.now = 60_000
    await expect(findWith('web', true, 'v2')).resolves.toMatchObject({ clientClaimsPrefix: 'v2' })
    expect(source.lookups).toEqual(['web', 'mobile', 'web'])
    expect(source.loads).toBe(0)
  })

  it('caches an unknown client too, so it costs one lookup per TTL', async () => {
    const { clock, source, cache, findWith } = setup()
    await expect(findWith('nobody', false)).resolves.toBeUndefined()
    clock.now = 30_000
    await expect(cache.findClient('nobody')).resolves.toBeUndefined()
    expect(source.lookups).toEqual(['nobody'])
    clock.now = 60_000
    await expect(findWith('nobody', true)).resolves.toMatchObject({ clientId: 'nobody' })
    expect(source.lookups).toEqual(['nobody', 'nobody'])
  })

  it('shares one lookup among the callers asking for a client while it runs', async () => {
    const { source, cache } = setup()
    const callers = Array.from({ length: 20 }, () => cache.findClient('web'))
    await Promise.resolve()
    source.answerNextClient(true)
    const results = await Promise.all(callers)
    expect(source.lookups).toEqual(['web'])
    expect(new Set(results).size).toBe(1)
  })

  it('serves the last good copy of a client, naming it, when its refresh fails', async () => {
    const { clock, source, cache, warnings, findWith } = setup()
    const good = await findWith('web', true)
    clock.now = 61_000
    const finding = cache.findClient('web')
    await Promise.resolve()
    const failure = new ClaimsStoreUnavailableError('down')
    source.failNextClient(failure)
    await expect(finding).resolves.toBe(good)
    expect(warnings).toEqual([
      {
        message: 'configuration refresh failed; serving the last good copy',
        fields: { clientId: 'web', staleForMs: 1_000, maxStaleMs: 300_000, error: failure },
      },
    ])
    clock.now = 60_000 + 300_001
    const expired = cache.findClient('web')
    await Promise.resolve()
    source.failNextClient(failure)
    await expect(expired).rejects.toBe(failure)
  })

  it('rejects a first lookup that fails, and looks up again on the next call', async () => {
    const { source, cache, findWith } = setup()
    const finding = cache.findClient('web')
    await Promise.resolve()
    source.failNextClient(new Error('down'))
    await expect(finding).rejects.toThrow('down')
    await expect(findWith('web', true)).resolves.toMatchObject({ clientId: 'web' })
  })

  it('keeps at most maxClients, dropping the one cached first', async () => {
    const { source, cache, findWith } = setup({ maxClients: 2 })
    await findWith('a', true)
    await findWith('b', true)
    await findWith('c', true)
    await cache.findClient('c')
    await cache.findClient('b')
    expect(source.lookups).toEqual(['a', 'b', 'c'])
    await findWith('a', true)
    expect(source.lookups).toEqual(['a', 'b', 'c', 'a'])
  })

  it('ends only the aborting caller’s wait for a client', async () => {
    const { source, cache } = setup()
    const controller = new AbortController()
    const impatient = cache.findClient('web', controller.signal)
    const patient = cache.findClient('web')
    controller.abort(new Error('deadline'))
    await expect(impatient).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    source.answerNextClient(true)
    await expect(patient).resolves.toMatchObject({ clientId: 'web' })
  })
})
