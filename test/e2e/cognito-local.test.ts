import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildFunctions } from '../../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../../lib/deploy/function-entries.js'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { acceptCognitoLocalEvents } from '../../lib/local/accept-cognito-local-events.js'
import { type BundleFunction, loadBundleFunction } from '../../lib/local/bundle-function.js'
import {
  type LambdaInvokeServer,
  startLambdaInvokeServer,
} from '../../lib/local/lambda-invoke-server.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { type CognitoLocal, startCognitoLocal } from '../../lib/local/start-cognito-local.js'
import { loadEvent } from '../cognito/support/events.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'

// The built bundles run against dynalite, called by cognito-local through the
// Invoke API, the way Cognito calls the deployed functions through Lambda.

const PRE_TOKEN = 'pre-token-generation'
const PRE_AUTH = 'pre-authentication'
const PASSWORD = 'Correct-Horse-9'

let outDir: string | undefined
let table: TestTable | undefined
let bundles: BundleFunction[] = []
let lambda: LambdaInvokeServer | undefined
let cognito: CognitoLocal | undefined
let idp: CognitoIdentityProviderClient
let writer: DynamoDbClaimsWriter
const functionLogs: string[] = []
let userPoolId: string
let clientId: string

async function createUser(email: string): Promise<string> {
  const { User } = await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  )
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: email,
      Password: PASSWORD,
      Permanent: true,
    }),
  )
  // As in Cognito, the pool makes the sub; the claims are stored under it afterwards.
  const sub = User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value
  if (sub === undefined) throw new Error('cognito-local created a user without a sub')
  return sub
}

async function signIn(email: string): Promise<AuthenticationResultType> {
  const { AuthenticationResult } = await idp.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD },
    }),
  )
  if (AuthenticationResult === undefined) throw new Error('no tokens')
  return AuthenticationResult
}

async function refresh(refreshToken: string): Promise<AuthenticationResultType> {
  const { AuthenticationResult } = await idp.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  )
  if (AuthenticationResult === undefined) throw new Error('no tokens')
  return AuthenticationResult
}

async function verifyIdToken(token: string | undefined): Promise<JWTPayload> {
  if (cognito === undefined || token === undefined) throw new Error('no ID token')
  const { payload } = await jwtVerify(
    token,
    createRemoteJWKSet(new URL(cognito.jwksUrl(userPoolId))),
    { issuer: cognito.issuer(userPoolId), audience: clientId, algorithms: ['RS256'] },
  )
  return payload
}

function lastTrigger() {
  return lambda?.invocations(PRE_TOKEN).at(-1)
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'claimsmith-e2e-build-'))
  const [built] = await Promise.all([
    buildFunctions({
      outDir,
      functions: FUNCTION_ENTRIES.filter((f) => f.name === PRE_TOKEN || f.name === PRE_AUTH),
      zip: false,
    }),
    startDynalite().then((started) => {
      table = started
    }),
  ])
  if (table === undefined) throw new Error('dynalite did not start')
  writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })

  // The functions' whole environment, as their Lambda configuration would set it.
  const env = {
    CLAIMS_TABLE: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // The test changes claims and configuration between sign-ins.
    CONFIG_CACHE_TTL_SECONDS: '0',
    LOG_LEVEL: 'warn',
  }
  bundles = built.map((f) =>
    loadBundleFunction(f.bundlePath, { env, onLog: (line) => functionLogs.push(line) }),
  )
  await Promise.all(bundles.map((fn) => fn.warm()))
  const [preToken, preAuth] = bundles as [BundleFunction, BundleFunction]
  lambda = await startLambdaInvokeServer({
    functions: {
      [PRE_TOKEN]: acceptCognitoLocalEvents(preToken.handler),
      [PRE_AUTH]: preAuth.handler,
    },
  })
  cognito = await startCognitoLocal({
    lambdaEndpoint: lambda.endpoint,
    triggerFunctions: { PreTokenGeneration: PRE_TOKEN },
  })

  idp = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts: 1,
  })
  const { UserPool } = await idp.send(new CreateUserPoolCommand({ PoolName: 'claimsmith-e2e' }))
  userPoolId = UserPool?.Id as string
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  )
  clientId = UserPoolClient?.ClientId as string

  await writer.putConfigurationItem({
    kind: 'identityResource',
    value: { name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] },
  })
  await writer.putConfigurationItem({
    kind: 'apiScope',
    value: { name: 'orders/read', userClaims: ['department'] },
  })
  await writer.putConfigurationItem({
    kind: 'client',
    value: { clientId, allowedScopes: ['openid', 'tenant'], claims: [] },
  })
}, 60_000)

afterEach(({ task }) => {
  // The functions' own log says why a trigger failed; show it only when a test did.
  if (task.result?.state === 'fail') console.error(functionLogs.join('\n'))
  functionLogs.length = 0
})

afterAll(async () => {
  idp?.destroy()
  await cognito?.stop()
  await lambda?.close()
  await Promise.all(bundles.map((fn) => fn.close()))
  await table?.stop()
  if (outDir !== undefined) await rm(outDir, { recursive: true, force: true })
})

describe('the built pre-token-generation trigger under cognito-local', () => {
  it('enriches the ID token of a USER_PASSWORD_AUTH sign-in with the claims of the client scopes', async () => {
    const sub = await createUser('jane@example.com')
    await writer.putUser({
      sub,
      active: true,
      claims: [
        { type: 'tenant_id', value: '42', valueType: 'integer' },
        { type: 'tenant_role', value: 'owner' },
        { type: 'department', value: 'sales' },
      ],
    })

    const tokens = await signIn('jane@example.com')
    const claims = await verifyIdToken(tokens.IdToken)

    expect(claims).toMatchObject({
      sub,
      token_use: 'id',
      iss: `${cognito?.endpoint}/${userPoolId}`,
      // Version 1 events: every enriched value is text.
      tenant_id: '42',
      tenant_role: 'owner',
    })
    // department belongs to an API scope: access tokens only, which version 1 cannot reach.
    expect(claims).not.toHaveProperty('department')
    // The call log keeps the event as cognito-local sent it: version 1's shape, labelled "0".
    expect(lastTrigger()).toMatchObject({
      outcome: 'success',
      event: { version: '0', triggerSource: 'TokenGeneration_Authentication' },
    })
  })

  it('leaves the access token as cognito-local makes it: version 1 reaches the ID token only', async () => {
    const tokens = await signIn('jane@example.com')
    const access = decodeJwt(tokens.AccessToken as string)

    expect(access).toMatchObject({ token_use: 'access', scope: 'aws.cognito.signin.user.admin' })
    expect(access).not.toHaveProperty('tenant_id')
  })

  it('runs the trigger again on REFRESH_TOKEN_AUTH, with the claims as they are now', async () => {
    const sub = await createUser('ravi@example.com')
    await writer.putUser({
      sub,
      active: true,
      claims: [
        { type: 'tenant_id', value: '7', valueType: 'integer' },
        { type: 'tenant_role', value: 'member' },
      ],
    })
    const first = await signIn('ravi@example.com')
    const calls = lambda?.invocations(PRE_TOKEN).length ?? 0

    await writer.setUserClaim(sub, 'tenant_role', [{ value: 'admin' }])
    const refreshed = await refresh(first.RefreshToken as string)
    const claims = await verifyIdToken(refreshed.IdToken)

    expect(lambda?.invocations(PRE_TOKEN)).toHaveLength(calls + 1)
    expect(lastTrigger()).toMatchObject({
      outcome: 'success',
      event: { triggerSource: 'TokenGeneration_RefreshTokens' },
    })
    expect(claims).toMatchObject({ sub, tenant_id: '7', tenant_role: 'admin' })
  })

  it('refuses a deactivated user at refresh and at sign-in, with a message that leaks nothing', async () => {
    const sub = await createUser('joe@example.com')
    await writer.putUser({ sub, active: true, claims: [{ type: 'tenant_role', value: 'member' }] })
    const tokens = await signIn('joe@example.com')

    await writer.setUserActive(sub, false)
    const refused = await refresh(tokens.RefreshToken as string).catch((error: Error) => error)
    const signInRefused = await signIn('joe@example.com').catch((error: Error) => error)

    for (const error of [refused, signInRefused]) {
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).name).toBe('UserLambdaValidationException')
      expect((error as Error).message).toContain('user is not active')
      for (const internal of [
        table?.tableName,
        table?.endpoint,
        'DynamoDB',
        'USER_INACTIVE',
        '    at ',
      ]) {
        expect((error as Error).message).not.toContain(internal)
      }
    }
    expect(lambda?.invocations(PRE_TOKEN).slice(-2)).toMatchObject([
      {
        outcome: 'error',
        errorMessage: 'user is not active',
        event: { triggerSource: 'TokenGeneration_RefreshTokens' },
      },
      {
        outcome: 'error',
        errorMessage: 'user is not active',
        event: { triggerSource: 'TokenGeneration_Authentication' },
      },
    ])
  })
})

describe('the built pre-authentication trigger through the Invoke API', () => {
  // cognito-local 5.3.0 has no PreAuthentication trigger, so it is invoked as Cognito would call it.
  const invokePreAuthentication = async (sub: string) => {
    const event = loadEvent('pre-authentication')
    event.userPoolId = userPoolId
    event.callerContext.clientId = clientId
    event.request.userAttributes.sub = sub
    const client = new LambdaClient({
      endpoint: lambda?.endpoint,
      region: LOCAL_REGION,
      credentials: { ...LOCAL_CREDENTIALS },
      maxAttempts: 1,
    })
    try {
      const output = await client.send(
        new InvokeCommand({ FunctionName: PRE_AUTH, Payload: JSON.stringify(event) }),
      )
      return {
        functionError: output.FunctionError,
        payload: JSON.parse(Buffer.from(output.Payload ?? []).toString()) as Record<
          string,
          unknown
        >,
      }
    } finally {
      client.destroy()
    }
  }

  it('lets an active user through and refuses a deactivated one', async () => {
    const sub = await createUser('mia@example.com')
    await writer.putUser({ sub, active: true, claims: [] })

    const allowed = await invokePreAuthentication(sub)
    await writer.setUserActive(sub, false)
    const refused = await invokePreAuthentication(sub)

    expect(allowed.functionError).toBeUndefined()
    expect(allowed.payload).toMatchObject({ triggerSource: 'PreAuthentication_Authentication' })
    expect(refused).toEqual({
      functionError: 'Unhandled',
      payload: { errorType: 'CognitoTriggerError', errorMessage: 'user is not active' },
    })
  })
})
