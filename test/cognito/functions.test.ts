import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { INACTIVE_SUB, seedClaimsTable } from './support/claims-table.js'
import { loadEvent } from './support/events.js'
import { fakeContext } from './support/lambda.js'

describe('the trigger functions', () => {
  let table: TestTable

  beforeAll(async () => {
    table = await dynamoDbLocal()
    await seedClaimsTable(table)
  })

  afterAll(async () => {
    await table?.stop()
  })

  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  function stubEnvironment(extra: Record<string, string> = {}) {
    vi.stubEnv('CLAIMS_TABLE', table.tableName)
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint)
    vi.stubEnv('AWS_REGION', LOCAL_REGION)
    vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId)
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey)
    vi.stubEnv('LOG_LEVEL', 'error')
    for (const [name, value] of Object.entries(extra)) vi.stubEnv(name, value)
  }

  it('pre-token-generation enriches a token from the table the environment names', async () => {
    stubEnvironment()
    const { handler } = await import('../../functions/pre-token-generation.js')
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    event.request.scopes = ['openid', 'tenant']
    const result = await handler(event, fakeContext())
    expect(result.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tenant_id: 42 } },
      },
    })
  })

  it('pre-authentication refuses an inactive user', async () => {
    stubEnvironment()
    const { handler } = await import('../../functions/pre-authentication.js')
    const event = loadEvent('pre-authentication')
    event.request.userAttributes.sub = INACTIVE_SUB
    await expect(handler(event, fakeContext())).rejects.toThrow('user is not active')
  })

  it.each([
    ['pre-token-generation', 'ON_STORE_ERROR', 'sometimes'],
    ['pre-authentication', 'TOKEN_SIZE_POLICY', 'ignore'],
  ])('%s fails its cold start naming %s when it is wrong', async (name, variable, value) => {
    stubEnvironment({ [variable]: value })
    const loading =
      name === 'pre-token-generation'
        ? import('../../functions/pre-token-generation.js')
        : import('../../functions/pre-authentication.js')
    // Modules are reset between tests, so the error is an instance of another copy of the class.
    const error = await loading.catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'SettingsError', code: 'SETTINGS_INVALID', variable })
  })
})
