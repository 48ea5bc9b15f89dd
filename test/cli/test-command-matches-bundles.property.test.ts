import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  preTokenGenerationEvent,
  tokenClaims,
  userInfoAnswer,
  userInfoEvent,
} from '../../lib/claims-tests/index.js'
import { buildFunctions } from '../../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../../lib/deploy/function-entries.js'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'
import { type JwksServer, startJwksServer } from '../userinfo/support/jwks-server.js'
import {
  accessTokenClaims,
  createSigningKey,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'
import { runCli } from './support.js'

type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>

const SUB = 'c0ffee00-0000-4000-8000-000000000001'
const CLIENT_ID = 'prop-client'
const TYPES = ['tenant_id', 'role', 'locale', 'email', 'name', 'dept', 'zoneinfo']
const SCOPES = ['openid', 'profile', 'email', 'tenant', 'orders/read', 'orders/write']
// Values that parse as their type: a configuration file with any other does not validate.
const VALUES: ReadonlyArray<readonly [string | undefined, readonly string[]]> = [
  [undefined, ['x', '42', 'true', '']],
  ['integer', ['42', '-3']],
  ['boolean', ['true', 'false']],
  ['json', ['{"a":1}', '[1,2]']],
  ['double', ['1.5', '-3']],
  ['integer64', ['100234']],
]
const ATTRIBUTES: Readonly<Record<string, string>> = {
  email: 'a@example.com',
  locale: 'fr',
  email_verified: 'true',
  name: 'Jane',
}

const claim = fc
  .tuple(fc.constantFrom(...TYPES), fc.constantFrom(...VALUES))
  .chain(([type, [valueType, values]]) =>
    fc
      .constantFrom(...values)
      .map((value) => ({ type, value, ...(valueType === undefined ? {} : { valueType }) })),
  )
const subset = <T>(items: readonly T[]) => fc.subarray([...items])

const scenario = fc.record({
  tenantClaims: subset(TYPES),
  apiScopeClaims: subset(TYPES),
  apiResourceClaims: subset(TYPES),
  allowedScopes: fc.option(subset(SCOPES), { nil: undefined }),
  clientClaims: fc.array(claim, { maxLength: 3 }),
  alwaysSendClientClaims: fc.boolean(),
  user: fc.option(fc.record({ active: fc.boolean(), claims: fc.array(claim, { maxLength: 6 }) }), {
    nil: undefined,
  }),
  attributes: subset(Object.keys(ATTRIBUTES)),
  scopes: subset(SCOPES),
  version: fc.constantFrom('1', '2', '3'),
  triggerSource: fc.constantFrom(
    'TokenGeneration_HostedAuth',
    'TokenGeneration_RefreshTokens',
    'TokenGeneration_ClientCredentials',
  ),
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

function configuration(s: Scenario) {
  return {
    identityResources: [{ name: 'tenant', userClaims: s.tenantClaims }],
    apiScopes: [
      { name: 'orders/read', userClaims: s.apiScopeClaims },
      { name: 'orders/write', userClaims: [] },
    ],
    apiResources: [
      { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: s.apiResourceClaims },
    ],
    clients: [
      {
        clientId: CLIENT_ID,
        clientClaimsPrefix: 'client_',
        alwaysSendClientClaims: s.alwaysSendClientClaims,
        claims: s.clientClaims,
        ...(s.allowedScopes === undefined ? {} : { allowedScopes: s.allowedScopes }),
      },
    ],
    users: s.user === undefined ? [] : [{ sub: SUB, ...s.user }],
  }
}

describe('claimsmith test against the built functions', () => {
  let table: TestTable
  let dir: string
  let jwks: JwksServer
  let key: SigningKey
  let issuer: string
  let preTokenGeneration: Handler
  let userinfo: Handler
  const saved = { ...process.env }

  beforeAll(async () => {
    table = await startDynalite()
    key = await createSigningKey()
    jwks = await startJwksServer([key.publicJwk])
    issuer = new URL('/pool', jwks.url).href
    dir = await mkdtemp(join(tmpdir(), 'claimsmith-test-bundles-'))
    await buildFunctions({
      outDir: join(dir, 'dist'),
      functions: FUNCTION_ENTRIES.filter(
        (f) => f.name === 'pre-token-generation' || f.name === 'userinfo',
      ),
    })
    Object.assign(process.env, {
      CLAIMS_TABLE: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      LOG_LEVEL: 'error',
      // Every run writes a new configuration: the functions must not serve the last one.
      CONFIG_CACHE_TTL_SECONDS: '0',
      CONFIG_MAX_STALE_SECONDS: '0',
      CONSISTENT_READ: 'true',
      ISSUER: issuer,
      JWKS_URL: new URL('/jwks', jwks.url).href,
    })
    const load = async (name: string) =>
      (
        (await import(pathToFileURL(join(dir, 'dist', name, 'index.mjs')).href)) as {
          handler: Handler
        }
      ).handler
    preTokenGeneration = await load('pre-token-generation')
    userinfo = await load('userinfo')
    // The functions write one EMF line per invocation to standard output.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  }, 120_000)

  afterAll(async () => {
    vi.restoreAllMocks()
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
    await jwks?.close()
    await table?.stop()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  async function replaceTable(s: Scenario): Promise<void> {
    const items = await table.client.send(new ScanCommand({ TableName: table.tableName }))
    for (const item of items.Items ?? []) {
      await table.client.send(
        new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }),
      )
    }
    const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
    const data = configuration(s)
    for (const value of data.identityResources) {
      await writer.putConfigurationItem({ kind: 'identityResource', value })
    }
    for (const value of data.apiScopes)
      await writer.putConfigurationItem({ kind: 'apiScope', value })
    for (const value of data.apiResources) {
      await writer.putConfigurationItem({ kind: 'apiResource', value })
    }
    for (const value of data.clients) await writer.putConfigurationItem({ kind: 'client', value })
    for (const user of data.users) await writer.putUser(user)
  }

  it('passes every case whose expectations are what the bundles issued, and fails a changed one', async () => {
    // Runs in which something was compared, so the property cannot pass on empty answers alone.
    const compared = { idToken: 0, accessToken: 0, userinfo: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clientCredentials = s.triggerSource === 'TokenGeneration_ClientCredentials'
        const version = clientCredentials ? '3' : s.version
        const request = {
          sub: clientCredentials ? undefined : SUB,
          clientId: CLIENT_ID,
          scopes: version === '1' ? undefined : s.scopes,
          version: version as '1' | '2' | '3',
          triggerSource: s.triggerSource as 'TokenGeneration_HostedAuth',
          attributes: clientCredentials
            ? {}
            : Object.fromEntries(s.attributes.map((name) => [name, ATTRIBUTES[name] as string])),
        }
        await replaceTable(s)

        // What the deployed code answers, over DynamoDB.
        const expect_: Record<string, unknown> = { exact: true }
        const answer = await preTokenGeneration(
          preTokenGenerationEvent(request),
          fakeContext(),
        ).catch((error: Error) => error)
        if (answer instanceof Error) {
          expect(answer.message).toBe('user is not active')
          expect_.refused = true
          compared.refused += 1
        } else {
          const tokens = tokenClaims(answer)
          if (tokens.idToken !== undefined) expect_.idToken = tokens.idToken
          if (tokens.accessToken !== undefined) expect_.accessToken = tokens.accessToken
          if (Object.keys(tokens.idToken ?? {}).length > 0) compared.idToken += 1
          if (Object.keys(tokens.accessToken ?? {}).length > 0) compared.accessToken += 1
        }
        if (!clientCredentials) {
          const scopes = request.scopes ?? s.allowedScopes ?? []
          const token = await sign(
            key,
            accessTokenClaims(issuer, SUB, { client_id: CLIENT_ID, scope: scopes.join(' ') }),
          )
          const served = userInfoAnswer(await userinfo(userInfoEvent(token), fakeContext()))
          if (answer instanceof Error) expect(served.refused).toBe(true)
          else if (!served.refused) {
            expect_.userinfo = served.claims
            if (Object.keys(served.claims).length > 1) compared.userinfo += 1
          }
        }

        // The same case through `claimsmith test`, over the configuration file.
        await writeFile(join(dir, 'claimsmith.json'), JSON.stringify(configuration(s)))
        const testCase = {
          name: 'generated',
          ...(request.sub === undefined ? {} : { sub: request.sub }),
          client: CLIENT_ID,
          ...(request.scopes === undefined ? {} : { scopes: request.scopes }),
          version: Number(version),
          triggerSource: s.triggerSource,
          ...(clientCredentials ? {} : { attributes: request.attributes }),
          expect: expect_,
        }
        await writeFile(join(dir, 'tests.json'), JSON.stringify({ tests: [testCase] }))
        const passed = await runCli(['test', 'claimsmith.json', 'tests.json'], { cwd: dir })
        expect(passed.stderr).toBe('')
        expect(passed.stdout).toBe('1 test passed (tests.json)\n')
        expect(passed.code).toBe(0)

        // A claim the functions did not issue fails the case: the comparison is live.
        const changed = {
          ...testCase,
          expect:
            expect_.refused === true
              ? { refused: false }
              : {
                  ...expect_,
                  idToken: undefined,
                  accessToken: undefined,
                  userinfo: { ...(expect_.userinfo as object), extra: 1 },
                },
        }
        if (expect_.refused === true || expect_.userinfo !== undefined) {
          await writeFile(join(dir, 'tests.json'), JSON.stringify({ tests: [changed] }))
          const failed = await runCli(['test', 'claimsmith.json', 'tests.json'], { cwd: dir })
          expect(failed.code).toBe(1)
        }
      }),
      { numRuns: 40 },
    )
    expect(compared.idToken).toBeGreaterThan(0)
    expect(compared.accessToken).toBeGreaterThan(0)
    expect(compared.userinfo).toBeGreaterThan(0)
    expect(compared.refused).toBeGreaterThan(0)
  }, 300_000)
})
