import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  type ClaimsConfigurationSource,
  type ProfileService,
  staticConfigurationSource,
} from '../../lib/core/index.js'
import { type JwksServer, startJwksServer } from './support/jwks-server.js'
import { accessTokenClaims, createSigningKey, type SigningKey, sign } from './support/tokens.js'
import { serveUserInfo, type UserInfoEndpoint } from './support/userinfo-stack.js'

const SUB = '8f1c0a2e-0000-4000-8000-000000000001'
/** jose's default: an unknown kid refetches the key set at most this often. */
const JOSE_COOLDOWN_MS = 30_000

const everyoneActive: ProfileService = { isActive: async () => {}, getProfileData: async () => {} }
const noConfiguration: ClaimsConfigurationSource = staticConfigurationSource({
  identityResources: [],
  apiScopes: [],
  apiResources: [],
  clients: new Map(),
})

describe('userinfo key rotation', () => {
  let oldKey: SigningKey
  let newKey: SigningKey
  let jwks: JwksServer
  let endpoint: UserInfoEndpoint
  let issuer: string

  beforeEach(async () => {
    oldKey = await createSigningKey('old-key')
    newKey = await createSigningKey('new-key')
    jwks = await startJwksServer([oldKey.publicJwk])
    issuer = new URL('/eu-west-1_Rotation', jwks.url).href
    endpoint = await serveUserInfo({
      env: { ISSUER: issuer },
      profileService: everyoneActive,
      configurationSource: noConfiguration,
    })
  })

  afterEach(async () => {
    vi.useRealTimers()
    await endpoint.close()
    await jwks.close()
  })

  const call = async (key: SigningKey) =>
    fetch(endpoint.url, {
      headers: { authorization: `Bearer ${await sign(key, accessTokenClaims(issuer, SUB))}` },
    })

  it('fetches the key set once and keeps it for later requests', async () => {
    expect((await call(oldKey)).status).toBe(200)
    expect((await call(oldKey)).status).toBe(200)
    expect(jwks.requests).toBe(1)
  })

  it('refuses an unknown kid during the cooldown, then finds it after the rotation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    expect((await call(oldKey)).status).toBe(200)
    jwks.setKeys([newKey.publicJwk])

    const early = await call(newKey)
    expect(early.status).toBe(401)
    expect(await early.json()).toEqual({
      error: 'invalid_token',
      error_description: 'the access token is signed with an unknown key',
    })
    expect(jwks.requests).toBe(1)

    vi.setSystemTime(Date.now() + JOSE_COOLDOWN_MS + 1_000)
    expect((await call(newKey)).status).toBe(200)
    expect(jwks.requests).toBe(2)

    // The retired key is gone from the refetched set.
    expect((await call(oldKey)).status).toBe(401)
    expect(jwks.requests).toBe(2)
  })

  it('accepts tokens of both keys while the key set publishes both', async () => {
    jwks.setKeys([oldKey.publicJwk, newKey.publicJwk])
    expect((await call(oldKey)).status).toBe(200)
    expect((await call(newKey)).status).toBe(200)
    expect(jwks.requests).toBe(1)
  })
})
