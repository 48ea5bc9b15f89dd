import { describe, expect, it } from 'vitest'
import {
  CognitoTriggerError,
  createPreTokenGenerationHandler,
  TRIGGER_SETTINGS_DEFAULTS,
  type TriggerSettings,
} from '../../lib/cognito/index.js'
import {
  type ClaimsConfiguration,
  type ClaimsConfigurationSource,
  DefaultProfileService,
  type ProfileService,
  staticConfigurationSource,
} from '../../lib/core/index.js'
import { aClient, inMemoryClaimsStore, RESOURCES } from '../core/fixtures.js'
import { loadEvent } from './support/events.js'
import { fakeContext, recordingLogger, recordingMetrics } from './support/lambda.js'

const SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'
const CLIENT_ID = '1example23456789'

const configuration: ClaimsConfiguration = {
  ...RESOURCES,
  clients: new Map([
    [
      CLIENT_ID,
      aClient({ clientId: CLIENT_ID, allowedScopes: ['openid', 'tenant', 'orders/read'] }),
    ],
  ]),
}

/** A hosted sign-in asking for a scope of each kind: tenant_id for the ID token, department for the access token. */
function enrichingEvent() {
  const event = loadEvent('pre-token-generation-v2-hosted-auth')
  event.request.scopes = ['openid', 'tenant', 'orders/read']
  return event
}

function recordingSource(): ClaimsConfigurationSource & {
  signals: Array<AbortSignal | undefined>
} {
  const signals: Array<AbortSignal | undefined> = []
  const source = staticConfigurationSource(configuration)
  return {
    signals,
    loadResources: async (signal) => {
      signals.push(signal)
      return source.loadResources()
    },
    findClient: async (clientId, signal) => {
      signals.push(signal)
      return source.findClient(clientId)
    },
  }
}

function setup(
  options: { profileService?: ProfileService; settings?: Partial<TriggerSettings> } = {},
) {
  const store = inMemoryClaimsStore([
    {
      sub: SUB,
      active: true,
      claims: [
        { type: 'tenant_id', value: '42', valueType: 'integer' },
        { type: 'department', value: 'SECRET-DEPARTMENT' },
      ],
    },
  ])
  const log = recordingLogger()
  const metrics = recordingMetrics()
  const configurationSource = recordingSource()
  const handler = createPreTokenGenerationHandler({
    profileService: options.profileService ?? new DefaultProfileService(store),
    configurationSource,
    logger: log.logger,
    metrics: metrics.metrics,
    settings: { ...TRIGGER_SETTINGS_DEFAULTS, ...options.settings },
  })
  return { handler, store, log, metrics, configurationSource }
}

describe('createPreTokenGenerationHandler', () => {
  it('refuses dependencies it cannot work with, when it is built', () => {
    expect(() =>
      createPreTokenGenerationHandler({ ...setupDeps(), profileService: {} as ProfileService }),
    ).toThrow(
      new TypeError(
        'createPreTokenGenerationHandler: profileService must have getProfileData and isActive',
      ),
    )
  })

  it('gives the configuration, isActive and both getProfileData calls one and the same signal', async () => {
    const seen: Array<AbortSignal | undefined> = []
    const inner = new DefaultProfileService(inMemoryClaimsStore([]))
    const profileService: ProfileService = {
      isActive: async (context, signal) => {
        seen.push(signal)
        await inner.isActive(context, signal)
      },
      getProfileData: async (context, signal) => {
        seen.push(signal)
        await inner.getProfileData(context, signal)
      },
    }
    const { handler, configurationSource } = setup({ profileService })
    await handler(loadEvent('pre-token-generation-v2-hosted-auth'), fakeContext())
    expect(seen).toHaveLength(3)
    expect(seen[0]).toBeInstanceOf(AbortSignal)
    expect(new Set([...seen, ...configurationSource.signals]).size).toBe(1)
    expect(seen[0]?.aborted).toBe(false)
  })

  it('logs the trigger source, client, pool, duration and claim counts, and never a claim value', async () => {
    const { handler, log } = setup()
    await handler(enrichingEvent(), fakeContext())
    const completed = log.entries.find((entry) => entry.message === 'trigger completed')
    expect(completed).toMatchObject({
      level: 'INFO',
      triggerSource: 'TokenGeneration_HostedAuth',
      version: '2',
      clientId: CLIENT_ID,
      userPoolId: 'us-east-1_EXAMPLE',
      idTokenClaims: 1,
      accessTokenClaims: 1,
    })
    expect(completed?.durationMs).toEqual(expect.any(Number))
    expect(log.text()).not.toContain('SECRET-DEPARTMENT')
    expect(log.text()).not.toContain('Jane.Doe@example.com')
  })

  it('writes one EMF line per invocation, counting the claims issued', async () => {
    const { handler, metrics } = setup()
    await handler(enrichingEvent(), fakeContext())
    expect(metrics.lines).toHaveLength(1)
    expect(metrics.totals()).toEqual({ ClaimsIssued: 2 })
  })

  it('writes the EMF line when the invocation fails too', async () => {
    const { handler, metrics } = setup()
    await expect(handler({ version: '9' }, fakeContext())).rejects.toThrow(CognitoTriggerError)
    expect(metrics.lines).toHaveLength(1)
    expect(metrics.totals()).toEqual({ TriggerFailures: 1, EventsInvalid: 1 })
  })

  it('keeps a custom profile service from sending reserved claims, and logs and counts the attempt', async () => {
    const profileService: ProfileService = {
      isActive: async () => {},
      getProfileData: async (context) => {
        context.issuedClaims.push(
          { type: 'cognito:groups', value: 'admins' },
          { type: 'token_use', value: 'id' },
          { type: 'tier', value: '3', valueType: 'integer' },
        )
      },
    }
    const { handler, log, metrics } = setup({ profileService })
    const result = await handler(loadEvent('pre-token-generation-v2-hosted-auth'), fakeContext())
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tier: 3 } },
        accessTokenGeneration: { claimsToAddOrOverride: { tier: 3 } },
      },
    })
    const restricted = log.entries.filter(
      (entry) => entry.message === 'restricted claim not issued',
    )
    expect(restricted.map((entry) => entry.type)).toEqual([
      'cognito:groups',
      'token_use',
      'cognito:groups',
      'token_use',
    ])
    expect(metrics.totals().ClaimsRestricted).toBe(4)
  })

  it('answers an unexpected failure with a generic message and keeps the details in the log', async () => {
    const profileService: ProfileService = {
      isActive: async () => {
        throw new Error(
          'socket hang up at table arn:aws:dynamodb:us-east-1:123456789012:table/claims',
        )
      },
      getProfileData: async () => {},
    }
    const { handler, log } = setup({ profileService })
    const error = await handler(
      loadEvent('pre-token-generation-v2-hosted-auth'),
      fakeContext(),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CognitoTriggerError)
    expect((error as CognitoTriggerError).message).toBe('an internal error occurred')
    expect((error as CognitoTriggerError).code).toBe('INTERNAL_ERROR')
    const failed = log.entries.find((entry) => entry.message === 'trigger failed')
    expect(JSON.stringify(failed?.error)).toContain('socket hang up')
  })

  it('does not wait past the deadline for a profile service that ignores the signal', async () => {
    const profileService: ProfileService = {
      isActive: () => new Promise(() => {}),
      getProfileData: async () => {},
    }
    const { handler } = setup({ profileService, settings: { deadlineMarginMs: 300 } })
    const started = performance.now()
    await expect(
      handler(loadEvent('pre-token-generation-v2-hosted-auth'), fakeContext(350)),
    ).rejects.toThrow('claims are temporarily unavailable')
    expect(performance.now() - started).toBeLessThan(300)
  })

  it('issues the token unenriched past the deadline under ON_STORE_ERROR=omit', async () => {
    const profileService: ProfileService = {
      isActive: () => new Promise(() => {}),
      getProfileData: async () => {},
    }
    const { handler, metrics } = setup({
      profileService,
      settings: { deadlineMarginMs: 300, onStoreError: 'omit' },
    })
    const result = await handler(loadEvent('pre-token-generation-v2-hosted-auth'), fakeContext(350))
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: {} },
        accessTokenGeneration: { claimsToAddOrOverride: {} },
      },
    })
    expect(metrics.totals().TokensUnenriched).toBe(1)
  })

  it('returns the event as received, with the response replaced', async () => {
    const { handler } = setup()
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    const result = await handler(event, fakeContext())
    expect(result.request).toEqual(event.request)
    expect(result.userName).toBe('JaneDoe')
    expect(result.callerContext).toEqual(event.callerContext)
  })
})

function setupDeps() {
  return {
    profileService: new DefaultProfileService(inMemoryClaimsStore([])),
    configurationSource: recordingSource(),
    logger: recordingLogger().logger,
    metrics: recordingMetrics().metrics,
    settings: TRIGGER_SETTINGS_DEFAULTS,
  }
}
