import { describe, expect, it } from 'vitest'
import {
  CachedConfigurationSource,
  type CachedConfigurationSourceOptions,
} from '../../lib/configuration-cache/index.js'
import type {
  ClaimsConfiguration,
  ClaimsConfigurationSource,
} from '../../lib/core/claims-configuration.js'
import { ClaimsStoreUnavailableError } from '../../lib/core/errors.js'

function configuration(label: string): ClaimsConfiguration {
  return {
    identityResources: [{ name: label, userClaims: [] }],
    apiScopes: [],
    apiResources: [],
    clients: new Map(),
  }
}

/** A source whose loads the test settles by hand, so nothing depends on timing. */
class ManualSource implements ClaimsConfigurationSource {
  readonly pending: {
    resolve: (value: ClaimsConfiguration) => void
    reject: (error: unknown) => void
  }[] = []
  loads = 0

  load(): Promise<ClaimsConfiguration> {
    this.loads += 1
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }))
  }

  resolveNext(value: ClaimsConfiguration): void {
    this.pending.shift()?.resolve(value)
  }

  rejectNext(error: unknown): void {
    this.pending.shift()?.reject(error)
  }
}

function setup(options: Omit<CachedConfigurationSourceOptions, 'now' | 'logger'> = {}) {
  const clock = { now: 0 }
  const warnings: { message: string; fields: Readonly<Record<string, unknown>> }[] = []
  const source = new ManualSource()
  const cache = new CachedConfigurationSource(source, {
    ttlMs: 60_000,
    maxStaleMs: 300_000,
    ...options,
    now: () => clock.now,
    logger: { warn: (message, fields) => warnings.push({ message, fields }) },
  })
  async function loadWith(value: ClaimsConfiguration): Promise<ClaimsConfiguration> {
    const loading = cache.load()
    await Promise.resolve()
    source.resolveNext(value)
    return loading
  }
  return { clock, warnings, source, cache, loadWith }
}

describe('CachedConfigurationSource', () => {
  it('serves the loaded copy without asking the source again when within the TTL', async () => {
    const { clock, source, cache, loadWith } = setup()
    const first = await loadWith(configuration('v1'))
    clock.now = 59_999
    await expect(cache.load()).resolves.toBe(first)
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
    const callers = Array.from({ length: 20 }, () => cache.load())
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
    const loading = cache.load()
    await Promise.resolve()
    const failure = new ClaimsStoreUnavailableError('down')
    source.rejectNext(failure)
    await expect(loading).resolves.toBe(good)
    expect(warnings).toEqual([
      {
        message: 'configuration refresh failed; serving the last good copy',
        fields: { staleForMs: 300_000, maxStaleMs: 300_000, error: failure },
      },
    ])
  })

  it('rejects with the refresh error when the copy is older than the max-stale time', async () => {
    const { clock, source, cache, warnings, loadWith } = setup()
    await loadWith(configuration('v1'))
    clock.now = 60_000 + 300_001
    const loading = cache.load()
    await Promise.resolve()
    const failure = new ClaimsStoreUnavailableError('down')
    source.rejectNext(failure)
    await expect(loading).rejects.toBe(failure)
    expect(warnings).toEqual([])
  })

  it('rejects when the first load fails and loads again on the next call', async () => {
    const { source, cache, loadWith } = setup()
    const loading = cache.load()
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
    const stale = cache.load()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(stale).resolves.toEqual(configuration('v1'))

    clock.now = 74_999
    await expect(cache.load()).resolves.toEqual(configuration('v1'))
    expect(source.loads).toBe(2)

    clock.now = 75_000
    await expect(loadWith(configuration('v2'))).resolves.toEqual(configuration('v2'))
    clock.now = 134_999
    await expect(cache.load()).resolves.toEqual(configuration('v2'))
    expect(source.loads).toBe(3)
  })

  it('stops serving the stale copy at the max-stale time even inside the retry interval', async () => {
    const { clock, source, cache } = setup({ maxStaleMs: 10_000, retryAfterFailureMs: 60_000 })
    const first = cache.load()
    await Promise.resolve()
    source.resolveNext(configuration('v1'))
    await first
    clock.now = 60_000
    const stale = cache.load()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(stale).resolves.toEqual(configuration('v1'))

    clock.now = 70_001
    const expired = cache.load()
    await Promise.resolve()
    source.rejectNext(new Error('still down'))
    await expect(expired).rejects.toThrow('still down')
    expect(source.loads).toBe(3)
  })

  it('keeps working when the source throws instead of rejecting', async () => {
    let calls = 0
    const cache = new CachedConfigurationSource({
      load: () => {
        calls += 1
        if (calls === 1) throw new Error('thrown at once')
        return Promise.resolve(configuration('v1'))
      },
    })
    await expect(cache.load()).rejects.toThrow('thrown at once')
    await expect(cache.load()).resolves.toEqual(configuration('v1'))
  })

  it('ends only the aborting caller’s wait when its signal aborts during a refresh', async () => {
    const { source, cache } = setup()
    const controller = new AbortController()
    const impatient = cache.load(controller.signal)
    const patient = cache.load(new AbortController().signal)
    controller.abort(new Error('deadline'))
    await expect(impatient).rejects.toBeInstanceOf(ClaimsStoreUnavailableError)
    source.resolveNext(configuration('v1'))
    await expect(patient).resolves.toEqual(configuration('v1'))
    expect(source.loads).toBe(1)
  })

  it('rejects with ClaimsStoreUnavailableError without loading when the signal is already aborted', async () => {
    const { source, cache } = setup()
    const error = await cache.load(AbortSignal.abort(new Error('late'))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ClaimsStoreUnavailableError)
    expect((error as Error).cause).toEqual(new Error('late'))
    expect(source.loads).toBe(0)
  })

  it('serves nothing stale when maxStaleMs is 0', async () => {
    const { clock, source, cache, loadWith } = setup({ maxStaleMs: 0 })
    await loadWith(configuration('v1'))
    clock.now = 60_001
    const loading = cache.load()
    await Promise.resolve()
    source.rejectNext(new Error('down'))
    await expect(loading).rejects.toThrow('down')
  })

  it.each([
    ['ttlMs is negative', { ttlMs: -1 }],
    ['maxStaleMs is not an integer', { maxStaleMs: 0.5 }],
    ['retryAfterFailureMs is negative', { retryAfterFailureMs: -1 }],
  ])('throws a TypeError when %s', (_case, options) => {
    expect(() => new CachedConfigurationSource(new ManualSource(), options)).toThrow(TypeError)
  })

  it('throws a TypeError when the source has no load method', () => {
    expect(() => new CachedConfigurationSource({} as ClaimsConfigurationSource)).toThrow(TypeError)
  })
})
