import { describe, expect, it } from 'vitest'
import {
  CLIENT_DEFAULTS,
  type Claim,
  clientClaims,
  issueClaims,
  ProfileDataCallers,
  type ProfileService,
} from '../../lib/core/index.js'
import { aClient, aSubject } from './fixtures.js'

const CLAIMS: Claim[] = [
  { type: 'customer_id', value: '123' },
  { type: 'tier', value: '3', valueType: 'integer' },
]

const { ClaimsProviderIdentityToken, ClaimsProviderAccessToken, UserInfoEndpoint } =
  ProfileDataCallers

describe('clientClaims', () => {
  it.each([
    { hasUser: false, alwaysSendClientClaims: false, sent: true },
    { hasUser: false, alwaysSendClientClaims: true, sent: true },
    { hasUser: true, alwaysSendClientClaims: false, sent: false },
    { hasUser: true, alwaysSendClientClaims: true, sent: true },
  ])('sends client claims in the access token: $sent when hasUser is $hasUser and alwaysSendClientClaims is $alwaysSendClientClaims', ({
    hasUser,
    alwaysSendClientClaims,
    sent,
  }) => {
    const client = aClient({ claims: CLAIMS, alwaysSendClientClaims })
    const claims = clientClaims({ client, caller: ClaimsProviderAccessToken, hasUser })
    expect(claims.map((c) => c.type)).toEqual(sent ? ['client_customer_id', 'client_tier'] : [])
  })

  it.each([
    { caller: ClaimsProviderIdentityToken, hasUser: false },
    { caller: ClaimsProviderIdentityToken, hasUser: true },
    { caller: UserInfoEndpoint, hasUser: false },
    { caller: UserInfoEndpoint, hasUser: true },
  ])('sends no client claims to $caller when hasUser is $hasUser', ({ caller, hasUser }) => {
    const client = aClient({ claims: CLAIMS, alwaysSendClientClaims: true })
    expect(clientClaims({ client, caller, hasUser })).toEqual([])
  })

  it.each([
    { prefix: CLIENT_DEFAULTS.clientClaimsPrefix, types: ['client_customer_id', 'client_tier'] },
    { prefix: 'app.', types: ['app.customer_id', 'app.tier'] },
    { prefix: '', types: ['customer_id', 'tier'] },
  ])('prefixes client claim types with "$prefix"', ({ prefix, types }) => {
    const client = aClient({ claims: CLAIMS, clientClaimsPrefix: prefix })
    const claims = clientClaims({ client, caller: ClaimsProviderAccessToken, hasUser: false })
    expect(claims.map((c) => c.type)).toEqual(types)
  })

  it('keeps the value and value type of each client claim and leaves the client untouched', () => {
    const client = aClient({ claims: CLAIMS })
    expect(clientClaims({ client, caller: ClaimsProviderAccessToken, hasUser: false })).toEqual([
      { type: 'client_customer_id', value: '123' },
      { type: 'client_tier', value: '3', valueType: 'integer' },
    ])
    expect(client.claims).toEqual(CLAIMS)
  })

  it("defaults to the client_ prefix, to client-credentials only and to the user's claims in the ID token", () => {
    expect(CLIENT_DEFAULTS).toEqual({
      clientClaimsPrefix: 'client_',
      alwaysSendClientClaims: false,
      alwaysIncludeUserClaimsInIdToken: true,
    })
    expect(Object.isFrozen(CLIENT_DEFAULTS)).toBe(true)
  })
})

describe('client claims through issueClaims', () => {
  const silent: ProfileService = {
    async getProfileData() {},
    async isActive() {},
  }

  it.each([
    { prefix: '', type: 'sub', issued: ['customer_id'], restricted: [['sub', 'protocol']] },
    {
      prefix: '',
      type: 'cognito:groups',
      issued: ['customer_id'],
      restricted: [['cognito:groups', 'reserved']],
    },
    {
      prefix: 'client',
      type: '_id',
      issued: ['clientcustomer_id'],
      restricted: [['client_id', 'protocol']],
    },
    {
      prefix: 'dev:',
      type: 'tier',
      issued: [],
      restricted: [
        ['dev:tier', 'reserved'],
        ['dev:customer_id', 'reserved'],
      ],
    },
  ])('drops and reports a client claim $type whose prefixed type is restricted when the prefix is "$prefix"', async ({
    prefix,
    type,
    issued,
    restricted,
  }) => {
    const client = aClient({
      claims: [
        { type, value: 'x' },
        { type: 'customer_id', value: '123' },
      ],
      clientClaimsPrefix: prefix,
    })
    const result = await issueClaims({
      profileService: silent,
      client,
      caller: ClaimsProviderAccessToken,
      requestedClaimTypes: [],
    })
    expect(result.claims.map((c) => c.type)).toEqual(issued)
    expect(result.restricted).toEqual(
      restricted.map(([type, restriction]) => ({ type, source: 'client', restriction })),
    )
  })

  it('issues client claims to a user only when alwaysSendClientClaims is set', async () => {
    const issue = (alwaysSendClientClaims: boolean) =>
      issueClaims({
        profileService: silent,
        subject: aSubject(),
        client: aClient({ claims: CLAIMS, alwaysSendClientClaims }),
        caller: ClaimsProviderAccessToken,
        requestedClaimTypes: [],
      })
    expect((await issue(false)).claims).toEqual([])
    expect((await issue(true)).claims.map((c) => c.type)).toEqual([
      'client_customer_id',
      'client_tier',
    ])
  })
})
