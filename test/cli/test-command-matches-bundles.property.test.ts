import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  introspectionAnswer,
  introspectionEvent,
  preTokenGenerationEvent,
  tokenClaims,
  userInfoAnswer,
  userInfoEvent,
} from '../../lib/claims-tests/index.js'
import { fakeContext } from '../cognito/support/lambda.js'
import { accessTokenClaims, sign } from '../userinfo/support/tokens.js'
import { runCli } from './support.js'
import { type BuiltFunctions, startBuiltFunctions } from './support-bundles/built-functions.js'

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
  alwaysIncludeUserClaimsInIdToken: fc.boolean(),
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

// Run first, whatever the random draw: claims in both tokens and userinfo, then a refusal.
const EVERY_ANSWER_HAS_CLAIMS: Scenario = {
  tenantClaims: [...TYPES],
  apiScopeClaims: [...TYPES],
  apiResourceClaims: [...TYPES],
  allowedScopes: undefined,
  clientClaims: [],
  alwaysSendClientClaims: false,
  alwaysIncludeUserClaimsInIdToken: true,
  user: {
    active: true,
    claims: TYPES.map((type) => ({ type, value: '42', valueType: 'integer' })),
  },
  attributes: [],
  scopes: ['openid', 'tenant', 'orders/read'],
  version: '2',
  triggerSource: 'TokenGeneration_HostedAuth',
}
const INACTIVE_USER: Scenario = {
  ...EVERY_ANSWER_HAS_CLAIMS,
  user: { active: false, claims: [] },
}

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
        alwaysIncludeUserClaimsInIdToken: s.alwaysIncludeUserClaimsInIdToken,
        claims: s.clientClaims,
        ...(s.allowedScopes === undefined ? {} : { allowedScopes: s.allowedScopes }),
      },
    ],
    users: s.user === undefined ? [] : [{ sub: SUB, ...s.user }],
  }
}

describe('claimsmith test against the built functions', () => {
  let built: BuiltFunctions

  beforeAll(async () => {
    built = await startBuiltFunctions('claimsmith-test-bundles-')
  }, 120_000)

  afterAll(() => built?.close())

  async function replaceTable(s: Scenario): Promise<void> {
    const data = configuration(s)
    await built.replaceTable(
      [
        ...data.identityResources.map((value) => ({ kind: 'identityResource' as const, value })),
        ...data.apiScopes.map((value) => ({ kind: 'apiScope' as const, value })),
        ...data.apiResources.map((value) => ({ kind: 'apiResource' as const, value })),
        ...data.clients.map((value) => ({ kind: 'client' as const, value })),
      ],
      data.users,
    )
  }

  it('passes every case whose expectations are what the bundles issued, and fails a changed one', async () => {
    // Runs in which something was compared, so the property cannot pass on empty answers alone.
    const compared = { idToken: 0, accessToken: 0, userinfo: 0, introspection: 0, refused: 0 }
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
        const answer = await built
          .preTokenGeneration(preTokenGenerationEvent(request), fakeContext())
          .catch((error: Error) => error)
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
        const scopes = request.scopes ?? s.allowedScopes ?? []
        const token = await sign(
          built.key,
          accessTokenClaims(built.issuer, clientCredentials ? CLIENT_ID : SUB, {
            client_id: CLIENT_ID,
            scope: scopes.join(' '),
            ...(clientCredentials ? { username: undefined } : {}),
          }),
        )
        if (!clientCredentials) {
          const served = userInfoAnswer(await built.userinfo(userInfoEvent(token), fakeContext()))
          if (answer instanceof Error) expect(served.refused).toBe(true)
          else if (!served.refused) {
            expect_.userinfo = served.claims
            if (Object.keys(served.claims).length > 1) compared.userinfo += 1
          }
        }
        const callerToken = await sign(
          built.key,
          accessTokenClaims(built.issuer, 'introspector', {
            client_id: 'introspector',
            username: undefined,
            scope: 'claimsmith/introspect orders/read orders/write',
          }),
        )
        const introspected = introspectionAnswer(
          (await built.introspection(
            introspectionEvent(callerToken, token),
            fakeContext(),
          )) as APIGatewayProxyStructuredResultV2,
        )
        if (answer instanceof Error) expect(introspected.refused).toBe(true)
        else if (!introspected.refused) {
          expect_.introspection = introspected.claims
          if (Object.keys(introspected.claims).length > 0) compared.introspection += 1
        }

        // The same case through `claimsmith test`, over the configuration file.
        await writeFile(join(built.dir, 'claimsmith.json'), JSON.stringify(configuration(s)))
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
        await writeFile(join(built.dir, 'tests.json'), JSON.stringify({ tests: [testCase] }))
        const passed = await runCli(['test', 'claimsmith.json', 'tests.json'], { cwd: built.dir })
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
                  userinfo: undefined,
                  ...(expect_.userinfo === undefined
                    ? { introspection: { ...(expect_.introspection as object), extra: 1 } }
                    : { userinfo: { ...(expect_.userinfo as object), extra: 1 } }),
                },
        }
        if (
          expect_.refused === true ||
          expect_.userinfo !== undefined ||
          expect_.introspection !== undefined
        ) {
          await writeFile(join(built.dir, 'tests.json'), JSON.stringify({ tests: [changed] }))
          const failed = await runCli(['test', 'claimsmith.json', 'tests.json'], { cwd: built.dir })
          expect(failed.code).toBe(1)
        }
      }),
      {
        numRuns: 40,
        examples: [
          [EVERY_ANSWER_HAS_CLAIMS],
          [INACTIVE_USER],
          [{ ...EVERY_ANSWER_HAS_CLAIMS, alwaysIncludeUserClaimsInIdToken: false }],
        ],
      },
    )
    expect(compared.idToken).toBeGreaterThan(0)
    expect(compared.accessToken).toBeGreaterThan(0)
    expect(compared.userinfo).toBeGreaterThan(0)
    expect(compared.introspection).toBeGreaterThan(0)
    expect(compared.refused).toBeGreaterThan(0)
  }, 300_000)
})
