import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  IsActiveContext,
  ProfileDataCallers,
  ProfileDataRequestContext,
  ProfileIsActiveCallers,
  unknownClient,
} from '../../lib/core/index.js'
import { countDynamoDbRequests, DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { createClaimsRuntime } from '../../lib/runtime/index.js'
import { SettingsError } from '../../lib/settings/index.js'
import { dynamoDbLocal, startDynalite, type TestTable } from '../support/dynamodb.js'

describe('createClaimsRuntime', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await startDynalite()
    await new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }).putUser({
      sub: 'user-1',
      active: false,
      claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
    })
  })

  afterAll(async () => {
    await table.stop()
  })

  it('fails the cold start naming the variable when the table is not set', () => {
    expect(() => createClaimsRuntime({ env: {}, client: table.client })).toThrow(SettingsError)
    expect(() => createClaimsRuntime({ env: {}, client: table.client })).toThrow(/CLAIMS_TABLE/)
    expect(() =>
      createClaimsRuntime({ env: { CLAIMS_TABLE: 't', LOG_LEVEL: 'loud' }, client: table.client }),
    ).toThrow(/LOG_LEVEL: must be one of debug, info, warn, error/)
  })

  it('reads the user once per signal for isActive and both tokens', async () => {
    const counter = countDynamoDbRequests(table.client)
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error' },
      client: table.client,
    })
    const subject = { sub: 'user-1', claims: [] }
    const client = unknownClient('web')
    const signal = AbortSignal.timeout(5000)

    const active = new IsActiveContext({
      subject,
      client,
      caller: ProfileIsActiveCallers.RefreshTokenValidation,
    })
    await runtime.profileService.isActive(active, signal)
    for (const caller of [
      ProfileDataCallers.ClaimsProviderIdentityToken,
      ProfileDataCallers.ClaimsProviderAccessToken,
    ]) {
      const context = new ProfileDataRequestContext({
        subject,
        client,
        caller,
        requestedClaimTypes: ['tier'],
      })
      await runtime.profileService.getProfileData(context, signal)
      expect(context.issuedClaims).toEqual([{ type: 'tier', value: '3', valueType: 'integer' }])
    }

    expect(active.isActive).toBe(false)
    expect(counter.count('GetItem')).toBe(1)
    counter.detach()
  })

  it('treats a user without a record as inactive when REQUIRE_PROFILE is true', async () => {
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, REQUIRE_PROFILE: 'true', LOG_LEVEL: 'error' },
      client: table.client,
    })
    const context = new IsActiveContext({
      subject: { sub: 'nobody', claims: [] },
      client: unknownClient('web'),
      caller: ProfileIsActiveCallers.ResourceOwnerValidation,
    })
    await runtime.profileService.isActive(context)
    expect(context.isActive).toBe(false)
    expect(runtime.settings).toMatchObject({ requireProfile: true, configCacheTtlMs: 60_000 })
  })
})

describe('createClaimsRuntime readAhead on DynamoDB Local', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await dynamoDbLocal()
    const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
    await writer.putUser({ sub: 'user-1', active: true, claims: [{ type: 'tier', value: 'gold' }] })
    await writer.putConfigurationItem({
      kind: 'client',
      value: { clientId: 'web', claims: [{ type: 'app', value: 'web' }] },
    })
  })

  afterAll(async () => {
    await table.stop()
  })

  it.each([
    ["the user and the resources (userinfo's hint)", { sub: 'user-1' }],
    [
      "the user, the client and the resources (the trigger's hint)",
      { sub: 'user-1', clientId: 'web' },
    ],
  ])('reads %s of a cold runtime in one statement, which the later reads then get', async (_case, hint) => {
    const client = table.newClient()
    const counter = countDynamoDbRequests(client)
    const runtime = createClaimsRuntime({
      env: { CLAIMS_TABLE: table.tableName, LOG_LEVEL: 'error' },
      client,
    })
    const signal = AbortSignal.timeout(5000)

    runtime.readAhead(hint, signal)
    const [user, resources] = await Promise.all([
      runtime.store.findUser('user-1', signal),
      runtime.configurationSource.loadResources(signal),
    ])
    expect(user).toMatchObject({ sub: 'user-1', claims: [{ type: 'tier', value: 'gold' }] })
    expect(resources.identityResources).toEqual([])
    expect(counter.snapshot()).toEqual({ ExecuteStatement: 1 })

    await expect(runtime.configurationSource.findClient('web', signal)).resolves.toMatchObject({
      clientId: 'web',
    })
    expect(counter.snapshot()).toEqual(
      'clientId' in hint ? { ExecuteStatement: 1 } : { ExecuteStatement: 1, GetItem: 1 },
    )
  })
})
