import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  type ClaimsConfiguration,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  type ProfileService,
  staticConfigurationSource,
} from '../../lib/core/index.js'
import { createLogger, type LogFields, Metrics } from '../../lib/observability/index.js'
import { createUserInfoHandler, readUserInfoSettings } from '../../lib/userinfo/index.js'
import { inMemoryClaimsStore } from '../core/fixtures.js'
import { httpApiEvent, lambdaContext } from './support/events.js'
import {
  accessTokenClaims,
  createSigningKey,
  forgeJws,
  type SigningKey,
  sign,
} from './support/tokens.js'

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Direct'
const SUB = 'user-1'

const configuration: ClaimsConfiguration = {
  identityResources: [],
  apiScopes: [],
  apiResources: [],
  clients: new Map(),
}

let key: SigningKey
let keySet: JWTVerifyGetKey

beforeAll(async () => {
  key = await createSigningKey()
  keySet = createLocalJWKSet({ keys: [key.publicJwk] })
})

function build(profileService: ProfileService) {
  const logs: LogFields[] = []
  const metricLines: string[] = []
  const handler = createUserInfoHandler({
    profileService,
    configurationSource: staticConfigurationSource(configuration),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    metrics: new Metrics({
      namespace: 'claimsmith-test',
      dimensions: { service: 'userinfo' },
      write: (line) => metricLines.push(line),
    }),
    settings: readUserInfoSettings({ USER_POOL_ID: 'eu-west-1_Direct' }),
    keySet,
  })
  return { handler, logs, metricLines }
}

const storeWith = (claims: Array<{ type: string; value: string; valueType?: string }>) =>
  new DefaultProfileService(inMemoryClaimsStore([{ sub: SUB, active: true, claims }]))

describe('createUserInfoHandler invoked as a Lambda function', () => {
  it('answers an HTTP API event with keys from an injected key set', async () => {
    const { handler } = build(storeWith([{ type: 'email', value: 'a@example.com' }]))
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid email' }))
    const result = await handler(
      httpApiEvent({ headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    )
    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body ?? '')).toEqual({ sub: SUB, email: 'a@example.com' })
  })

  it('reads a header whose name was not lower-cased, after header normalization', async () => {
    const { handler } = build(storeWith([]))
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid' }))
    const event = httpApiEvent()
    event.headers = { ...event.headers, Authorization: `Bearer ${token}` }
    expect((await handler(event, lambdaContext())).statusCode).toBe(200)
  })

  it('does not ask the profile service about a refused token', async () => {
    const store = inMemoryClaimsStore([])
    const { handler } = build(new DefaultProfileService(store))
    const token = await sign(key, accessTokenClaims('https://evil.example.com', SUB))
    const result = await handler(
      httpApiEvent({ headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    )
    expect(result.statusCode).toBe(401)
    expect(store.reads).toEqual([])
  })

  it('sends a value that does not parse as its type as its string, and logs it without the value', async () => {
    const { handler, logs, metricLines } = build(
      storeWith([{ type: 'email_verified', value: 'maybe-not', valueType: 'boolean' }]),
    )
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid email' }))
    const result = await handler(
      httpApiEvent({ headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    )
    expect(JSON.parse(result.body ?? '')).toEqual({ sub: SUB, email_verified: 'maybe-not' })
    expect(logs.find((log) => log.message === 'claim value sent as a string')).toMatchObject({
      level: 'WARN',
      sub: SUB,
      claimType: 'email_verified',
      valueType: 'boolean',
    })
    expect(JSON.stringify(logs)).not.toContain('maybe-not')
    expect(JSON.parse(metricLines[0] ?? '{}')).toMatchObject({
      ClaimValueInvalid: 1,
      UserInfoServed: 1,
    })
  })

  it('drops and logs a protocol claim a custom profile service tries to emit', async () => {
    const pushy: ProfileService = {
      isActive: async () => {},
      getProfileData: async (context) => {
        context.issuedClaims.push(
          { type: 'iss', value: 'https://evil.example.com' },
          { type: 'sub', value: 'someone-else' },
          { type: 'email', value: 'a@example.com' },
        )
      },
    }
    const { handler, logs } = build(pushy)
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid email' }))
    const result = await handler(
      httpApiEvent({ headers: { authorization: `Bearer ${token}` } }),
      lambdaContext(),
    )
    expect(JSON.parse(result.body ?? '')).toEqual({ sub: SUB, email: 'a@example.com' })
    expect(
      logs.filter((log) => log.message === 'restricted claim not issued').map((log) => log.type),
    ).toEqual(['iss', 'sub'])
  })

  it('hands the profile service a subject made of the token claims', async () => {
    const subjects: unknown[] = []
    const recording: ProfileService = {
      isActive: async (context) => {
        subjects.push(context.subject)
      },
      getProfileData: async () => {},
    }
    const { handler } = build(recording)
    const token = await sign(
      key,
      accessTokenClaims(ISSUER, SUB, { 'cognito:groups': ['admins'], username: 'alice' }),
    )
    await handler(httpApiEvent({ headers: { authorization: `Bearer ${token}` } }), lambdaContext())
    expect(subjects[0]).toMatchObject({ sub: SUB })
    expect((subjects[0] as { claims: unknown[] }).claims).toEqual(
      expect.arrayContaining([
        { type: 'cognito:groups', value: 'admins' },
        { type: 'username', value: 'alice' },
        { type: 'client_id', value: 'web-app' },
      ]),
    )
  })
})

describe("createUserInfoHandler with readAhead (the user's read sent ahead)", () => {
  /** The deployed composition: a memoized store the read ahead and the profile service share. */
  function buildWithPrefetch() {
    const store = inMemoryClaimsStore([
      { sub: SUB, active: true, claims: [{ type: 'email', value: 'a@example.com' }] },
    ])
    const memoized = memoizeClaimsStore(store)
    const prefetched: Array<{ sub: string; signal: AbortSignal }> = []
    const sendAhead = createReadAhead(memoized)
    const handler = createUserInfoHandler({
      profileService: new DefaultProfileService(memoized),
      configurationSource: staticConfigurationSource(configuration),
      logger: createLogger({ level: 'error', write: () => {} }),
      metrics: new Metrics({ namespace: 'claimsmith-test', dimensions: {}, write: () => {} }),
      settings: readUserInfoSettings({ USER_POOL_ID: 'eu-west-1_Direct' }),
      keySet,
      readAhead: (hint, signal) => {
        // Never the unverified token's client: a forged one would take a cache place.
        expect(hint.clientId).toBeUndefined()
        if (hint.sub !== undefined) prefetched.push({ sub: hint.sub, signal })
        sendAhead(hint, signal)
      },
    })
    const call = (token: string) =>
      handler(httpApiEvent({ headers: { authorization: `Bearer ${token}` } }), lambdaContext())
    return { call, store, prefetched }
  }

  it('sends the read before the signature is checked, and the profile service gets that read', async () => {
    const { call, store, prefetched } = buildWithPrefetch()
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, { scope: 'openid email' }))
    const result = await call(token)

    expect(result.statusCode).toBe(200)
    expect(JSON.parse(result.body ?? '')).toEqual({ sub: SUB, email: 'a@example.com' })
    expect(prefetched.map((each) => each.sub)).toEqual([SUB])
    expect(store.reads).toHaveLength(1)
    expect(prefetched[0]?.signal.aborted).toBe(false)
  })

  it('abandons the read of a token whose signature fails, and answers 401', async () => {
    const { call, prefetched } = buildWithPrefetch()
    const forged = forgeJws(
      { alg: 'RS256', kid: key.kid },
      accessTokenClaims(ISSUER, SUB, { scope: 'openid email' }),
      'c2lnbmF0dXJl',
    )
    const result = await call(forged)

    expect(result.statusCode).toBe(401)
    expect(result.body ?? '').not.toContain('a@example.com')
    expect(prefetched).toHaveLength(1)
    expect(prefetched[0]?.signal.aborted).toBe(true)
  })

  it.each([
    ['from another issuer', { iss: 'https://evil.example.com' }],
    ['without the openid scope', { scope: 'email' }],
    ['that has expired', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ['that is an ID token', { token_use: 'id' }],
  ])('sends no read for a token %s', async (_case, overrides) => {
    const { call, store, prefetched } = buildWithPrefetch()
    const token = await sign(key, accessTokenClaims(ISSUER, SUB, overrides))
    const result = await call(token)

    expect(result.statusCode).toBeGreaterThanOrEqual(400)
    expect(prefetched).toEqual([])
    expect(store.reads).toEqual([])
  })

  it('refuses a readAhead that is not a function', () => {
    expect(() =>
      createUserInfoHandler({
        profileService: new DefaultProfileService(inMemoryClaimsStore([])),
        configurationSource: staticConfigurationSource(configuration),
        logger: createLogger({ level: 'error', write: () => {} }),
        metrics: new Metrics({ namespace: 'claimsmith-test', dimensions: {}, write: () => {} }),
        settings: readUserInfoSettings({ USER_POOL_ID: 'eu-west-1_Direct' }),
        keySet,
        readAhead: 'yes' as never,
      }),
    ).toThrow('readAhead must be a function')
  })
})
