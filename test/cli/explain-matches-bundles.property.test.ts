import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { introspectionAnswer, introspectionEvent } from '../../lib/claims-tests/index.js'
import {
  type ExplainedCaller,
  explainClaims,
  INTROSPECTION_CALLER,
  readUser,
} from '../../lib/cli/index.js'
import {
  cognitoSubject,
  type PreTokenGenerationV1Response,
  type PreTokenGenerationV2Response,
} from '../../lib/cognito/index.js'
import { type Claim, ProfileDataCallers, type StoredUser } from '../../lib/core/index.js'
import { type ConfigurationItem, DynamoDbConfigurationSource } from '../../lib/dynamodb/index.js'
import { LOCAL_REGION } from '../../lib/local/local-aws.js'
import { subjectFromAccessToken } from '../../lib/userinfo/index.js'
import { fakeContext } from '../cognito/support/lambda.js'
import type { TestTable } from '../support/dynamodb.js'
import { accessTokenClaims, type SigningKey, sign } from '../userinfo/support/tokens.js'
import {
  type BuiltFunctions,
  type BuiltHandler,
  startBuiltFunctions,
} from './support-bundles/built-functions.js'

const SUB = 'c0ffee00-0000-4000-8000-000000000001'
const CLIENT_ID = 'prop-client'
const TYPES = [
  'tenant_id',
  'role',
  'locale',
  'email',
  'email_verified',
  'updated_at',
  'address',
  'name',
  'dept',
]
const STORED_TYPES = [...TYPES, 'sub', 'token_use', 'cognito:groups', 'dev:x']
const VALUE_TYPES = [undefined, 'integer', 'boolean', 'json', 'double', 'integer64']
const VALUES = ['42', 'x', 'true', 'FALSE', '{"a":1}', '1.5', '-3', '[1,2]', 'a@example.com', '']
const SCOPES = ['openid', 'profile', 'email', 'tenant', 'orders/read', 'orders/write']
const ATTRIBUTES: Readonly<Record<string, string>> = {
  email: 'a@example.com',
  locale: 'fr',
  email_verified: 'true',
  name: 'Jane',
  'custom:tier': '3',
}

const claim = (types: readonly string[]) =>
  fc.record({
    type: fc.constantFrom(...types),
    value: fc.constantFrom(...VALUES),
    valueType: fc.constantFrom(...VALUE_TYPES),
  })
const subset = <T>(items: readonly T[]) => fc.subarray([...items])

const scenario = fc.record({
  tenantClaims: subset(TYPES),
  profileClaims: fc.option(subset(TYPES), { nil: undefined }),
  apiScopeClaims: subset(TYPES),
  apiResourceClaims: subset(TYPES),
  allowedScopes: fc.option(subset([...SCOPES, 'aws.cognito.signin.user.admin']), {
    nil: undefined,
  }),
  clientClaims: fc.array(claim(TYPES), { maxLength: 3 }),
  clientClaimsPrefix: fc.constantFrom('client_', '', 'app_'),
  alwaysSendClientClaims: fc.boolean(),
  alwaysIncludeUserClaimsInIdToken: fc.boolean(),
  user: fc.option(
    fc.record({ active: fc.boolean(), claims: fc.array(claim(STORED_TYPES), { maxLength: 7 }) }),
    { nil: undefined },
  ),
  attributes: subset(Object.keys(ATTRIBUTES)),
  scopes: subset([...SCOPES, 'aws.cognito.signin.user.admin']),
  version: fc.constantFrom('1', '2', '3'),
})
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

/**
 * Run before the generated ones, so every run compares non-empty ID-token,
 * access-token and userinfo claims whatever the random draw.
 */
const EVERY_TOKEN_HAS_CLAIMS: Scenario = {
  tenantClaims: [...TYPES],
  profileClaims: undefined,
  apiScopeClaims: [...TYPES],
  apiResourceClaims: [...TYPES],
  allowedScopes: undefined,
  clientClaims: [],
  clientClaimsPrefix: 'client_',
  alwaysSendClientClaims: false,
  alwaysIncludeUserClaimsInIdToken: true,
  user: {
    active: true,
    claims: TYPES.map((type) => ({ type, value: '42', valueType: 'integer' })),
  },
  attributes: [],
  scopes: ['openid', 'tenant', 'orders/read'],
  version: '2',
}

/** An ID token the client kept the user's claims out of, though some were requested. */
function withheld(explanation: { decisions: readonly { reason: string }[] }): boolean {
  return explanation.decisions.some((d) => d.reason === 'id-token-without-user-claims')
}

function configurationItems(s: Scenario): ConfigurationItem[] {
  const items: ConfigurationItem[] = [
    { kind: 'identityResource', value: { name: 'tenant', userClaims: s.tenantClaims } },
    { kind: 'apiScope', value: { name: 'orders/read', userClaims: s.apiScopeClaims } },
    {
      kind: 'apiResource',
      value: {
        name: 'orders',
        scopes: ['orders/read', 'orders/write'],
        userClaims: s.apiResourceClaims,
      },
    },
    {
      kind: 'client',
      value: {
        clientId: CLIENT_ID,
        claims: s.clientClaims,
        clientClaimsPrefix: s.clientClaimsPrefix,
        alwaysSendClientClaims: s.alwaysSendClientClaims,
        alwaysIncludeUserClaimsInIdToken: s.alwaysIncludeUserClaimsInIdToken,
        ...(s.allowedScopes === undefined ? {} : { allowedScopes: s.allowedScopes }),
      },
    },
  ]
  if (s.profileClaims !== undefined) {
    items.push({
      kind: 'identityResource',
      value: { name: 'profile', userClaims: s.profileClaims },
    })
  }
  return items
}

describe('explain against the built functions', () => {
  let built: BuiltFunctions
  let table: TestTable
  let key: SigningKey
  let issuer: string
  let preTokenGeneration: BuiltHandler
  let userinfo: BuiltHandler
  let introspection: BuiltHandler

  beforeAll(async () => {
    built = await startBuiltFunctions('claimsmith-explain-')
    ;({ table, key, issuer, preTokenGeneration, userinfo, introspection } = built)
  }, 120_000)

  afterAll(() => built?.close())

  async function replaceTable(s: Scenario): Promise<void> {
    const users: StoredUser[] =
      s.user === undefined
        ? []
        : [{ sub: SUB, active: s.user.active, claims: s.user.claims as Claim[] }]
    await built.replaceTable(configurationItems(s), users)
  }

  /** What `claimsmith explain --table` says, for one caller. */
  async function explained(
    s: Scenario,
    caller: ExplainedCaller,
    subjectClaims: readonly Claim[],
    scopes: readonly string[],
  ) {
    const source = new DynamoDbConfigurationSource({
      client: table.client,
      tableName: table.tableName,
    })
    const [resources, configured] = await Promise.all([
      source.loadResources(),
      source.findClient(CLIENT_ID),
    ])
    const configuration = {
      ...resources,
      clients: new Map(configured === undefined ? [] : [[CLIENT_ID, configured]]),
    }
    const { user, invalidClaims } = await readUser(table.client, table.tableName, SUB)
    const explanation = await explainClaims({
      configuration,
      sub: SUB,
      user,
      unreadableClaims: invalidClaims,
      subjectClaims,
      clientId: CLIENT_ID,
      scopes,
      caller,
      version: s.version as '1' | '2' | '3',
    })
    return explanation
  }

  it('emits, claim for claim and value for value, what the triggers, userinfo and introspection send', async () => {
    // Runs in which something was compared, so the property cannot pass on empty answers alone.
    const compared = {
      idClaims: 0,
      accessClaims: 0,
      userinfoClaims: 0,
      introspectionClaims: 0,
      idWithheld: 0,
    }
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await replaceTable(s)
        const attributes = Object.fromEntries([
          ['sub', SUB],
          ...s.attributes.map((name) => [name, ATTRIBUTES[name] as string]),
        ])
        const event = {
          version: s.version,
          triggerSource: 'TokenGeneration_HostedAuth',
          region: LOCAL_REGION,
          userPoolId: 'local_pool',
          userName: 'jane',
          callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: CLIENT_ID },
          request: {
            userAttributes: attributes,
            groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
            ...(s.version === '1' ? {} : { scopes: s.scopes }),
          },
          response: {},
        }
        const subject = cognitoSubject({
          userName: 'jane',
          sub: SUB,
          attributes: new Map(Object.entries(attributes)),
        }).claims
        const eventScopes = s.version === '1' ? [] : s.scopes
        const id = await explained(
          s,
          ProfileDataCallers.ClaimsProviderIdentityToken,
          subject,
          eventScopes,
        )
        const access =
          s.version === '1'
            ? undefined
            : await explained(s, ProfileDataCallers.ClaimsProviderAccessToken, subject, eventScopes)

        const answer = await preTokenGeneration(event, fakeContext()).catch((error: Error) => error)
        if (!id.active) {
          expect(answer).toBeInstanceOf(Error)
          expect((answer as Error).message).toBe('user is not active')
        } else {
          const { response } = answer as { response: unknown }
          if (s.version === '1') {
            const v1 = response as PreTokenGenerationV1Response
            expect(v1.claimsOverrideDetails.claimsToAddOrOverride).toEqual({ ...id.claims })
            if (Object.keys(id.claims).length > 0) compared.idClaims += 1
            if (withheld(id)) compared.idWithheld += 1
          } else {
            const details = (response as PreTokenGenerationV2Response).claimsAndScopeOverrideDetails
            expect(details.idTokenGeneration?.claimsToAddOrOverride).toEqual({ ...id.claims })
            if (Object.keys(id.claims).length > 0) compared.idClaims += 1
            if (withheld(id)) compared.idWithheld += 1
            if (Object.keys(access?.claims ?? {}).length > 0) compared.accessClaims += 1
            expect(details.accessTokenGeneration.claimsToAddOrOverride).toEqual({
              ...access?.claims,
            })
          }
        }

        const tokenScopes = ['openid', ...s.scopes.filter((scope) => scope !== 'openid')]
        const claims = accessTokenClaims(issuer, SUB, {
          client_id: CLIENT_ID,
          scope: tokenScopes.join(' '),
        })
        const token = await sign(key, claims)
        const tokenSubject = subjectFromAccessToken({
          sub: SUB,
          clientId: CLIENT_ID,
          scopes: tokenScopes,
          payload: claims,
        }).claims
        const userinfoExplained = await explained(
          s,
          ProfileDataCallers.UserInfoEndpoint,
          tokenSubject,
          tokenScopes,
        )
        const served = await userinfo(
          {
            version: '2.0',
            routeKey: 'GET /userinfo',
            rawPath: '/userinfo',
            rawQueryString: '',
            headers: { authorization: `Bearer ${token}` },
            requestContext: { http: { method: 'GET', path: '/userinfo' }, requestId: 'r-1' },
            isBase64Encoded: false,
          },
          fakeContext(),
        )
        if (!userinfoExplained.active) {
          expect(served.statusCode).toBe(401)
        } else {
          expect(served.statusCode).toBe(200)
          expect(JSON.parse(served.body as string)).toEqual({ ...userinfoExplained.claims })
          if (Object.keys(userinfoExplained.claims).length > 1) compared.userinfoClaims += 1
        }

        // Introspection of the same token, by a caller whose scopes name every API resource.
        const introspectionExplained = await explained(
          s,
          INTROSPECTION_CALLER,
          tokenSubject,
          tokenScopes,
        )
        const callerToken = await sign(
          key,
          accessTokenClaims(issuer, 'introspector', {
            client_id: 'introspector',
            username: undefined,
            scope: 'claimsmith/introspect orders/read orders/write',
          }),
        )
        const introspected = introspectionAnswer(
          (await introspection(
            introspectionEvent(callerToken, token),
            fakeContext(),
          )) as APIGatewayProxyStructuredResultV2,
        )
        if (
          !introspectionExplained.active ||
          introspectionExplained.resources.apiResources.length === 0
        ) {
          expect(introspected).toEqual({ refused: true, reason: 'not active ({"active": false})' })
        } else {
          expect(introspected).toEqual({
            refused: false,
            claims: { ...introspectionExplained.claims },
          })
          if (Object.keys(introspectionExplained.claims).length > 0) {
            compared.introspectionClaims += 1
          }
        }
      }),
      {
        numRuns: 40,
        examples: [
          [EVERY_TOKEN_HAS_CLAIMS],
          [{ ...EVERY_TOKEN_HAS_CLAIMS, alwaysIncludeUserClaimsInIdToken: false }],
          [{ ...EVERY_TOKEN_HAS_CLAIMS, alwaysIncludeUserClaimsInIdToken: false, version: '1' }],
        ],
      },
    )
    expect(compared.idWithheld).toBeGreaterThan(0)
    expect(compared.introspectionClaims).toBeGreaterThan(0)
    expect(compared.idClaims).toBeGreaterThan(0)
    expect(compared.accessClaims).toBeGreaterThan(0)
    expect(compared.userinfoClaims).toBeGreaterThan(0)
  }, 300_000)
})
