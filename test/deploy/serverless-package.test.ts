import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTriggerSettings } from '../../lib/cognito/read-trigger-settings.js'
import { FUNCTION_ENTRIES } from '../../lib/deploy/function-entries.js'
import { writeDeterministicZip } from '../../lib/deploy/write-deterministic-zip.js'
import { readClaimsRuntimeSettings } from '../../lib/runtime/create-claims-runtime.js'
import { readUserInfoSettings } from '../../lib/userinfo/index.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OSLS = createRequire(import.meta.url).resolve('osls/bin/serverless.js')
const POOL = 'eu-west-1_AbCdEf123'
const REGION = 'eu-west-1'

type Json = Record<string, unknown>
interface Template {
  readonly Resources: Record<string, { Type: string; Properties: Json } & Json>
  readonly Conditions?: Json
  readonly Outputs: Record<string, Json>
}

// osls caches its compiled configuration schema under HOME: a cold cache costs ~8 s a run.
const OSLS_HOME = join(tmpdir(), 'claimsmith-osls-home')

let workDir: string
let packagings = 0

/**
 * Runs `osls package` in a fresh copy of the service (serverless.yml, infra/
 * and placeholder zips in dist/), with no AWS credentials in the environment,
 * and returns the CloudFormation template it writes.
 */
async function packageTemplate(stage: string, params: Record<string, string>): Promise<Template> {
  const serviceDir = join(workDir, `service-${++packagings}`)
  await cp(join(workDir, 'service'), serviceDir, { recursive: true })
  const out = join(serviceDir, 'package')
  const args = [OSLS, 'package', '--stage', stage, '--region', REGION, '--package', out]
  for (const [name, value] of Object.entries(params)) args.push(`--param=${name}=${value}`)
  await run(process.execPath, args, {
    cwd: serviceDir,
    env: {
      PATH: process.env.PATH,
      HOME: OSLS_HOME,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      // A deprecated property fails the packaging, so the file stays v4-compatible.
      SLS_DEPRECATION_NOTIFICATION_MODE: 'error',
    },
    timeout: 60_000,
  })
  return JSON.parse(await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'))
}

const logsStatement = (functionName: string) => ({
  Sid: 'WriteOwnLogs',
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: {
    'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`,
  },
})

const READ_CLAIMS = {
  Sid: 'ReadClaims',
  Effect: 'Allow',
  Action: ['dynamodb:GetItem', 'dynamodb:Query'],
  Resource: { 'Fn::GetAtt': ['ClaimsTable', 'Arn'] },
}

const POOL_ARN = {
  'Fn::Sub': `arn:\${AWS::Partition}:cognito-idp:\${AWS::Region}:\${AWS::AccountId}:userpool/${POOL}`,
}

function policyStatements(template: Template, role: string): unknown[] {
  const policies = template.Resources[role]?.Properties.Policies as { PolicyDocument: Json }[]
  expect(policies).toHaveLength(1)
  return policies[0]?.PolicyDocument.Statement as unknown[]
}

function lambdaFunction(template: Template, logicalId: string): Json {
  const resource = template.Resources[logicalId]
  expect(resource?.Type).toBe('AWS::Lambda::Function')
  return resource?.Properties ?? {}
}

function resourcesOfType(template: Template, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id)
    .sort()
}

let dev: Template
let prod: Template
let tuned: Template

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'claimsmith-service-'))
  const serviceDir = join(workDir, 'service')
  await mkdir(OSLS_HOME, { recursive: true })
  await cp(join(ROOT, 'serverless.yml'), join(serviceDir, 'serverless.yml'))
  await cp(join(ROOT, 'infra'), join(serviceDir, 'infra'), { recursive: true })
  await mkdir(join(serviceDir, 'dist'), { recursive: true })
  for (const f of FUNCTION_ENTRIES) {
    const content = Buffer.from('export const handler = async () => {}\n')
    await writeDeterministicZip(join(serviceDir, 'dist', `${f.name}.zip`), [
      { name: 'index.mjs', content },
    ])
  }
  // The first run fills osls's schema cache; the others share it.
  dev = await packageTemplate('dev', { userPoolId: POOL })
  ;[prod, tuned] = await Promise.all([
    packageTemplate('prod', { userPoolId: POOL }),
    packageTemplate('staging', {
      userPoolId: POOL,
      preTokenGenerationTriggerVersion: 'V3_0',
      poolSmsRoleArn: 'arn:aws:iam::123456789012:role/acme-cognito-sms',
      onStoreError: 'omit',
      userinfoCorsOrigins: 'https://app.acme.example',
      issuer: `https://issuer-cognito-idp.${REGION}.amazonaws.com/${POOL}`,
    }),
  ])
}, 90_000)

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
})

describe('osls package (stage dev)', () => {
  it('creates the four functions on nodejs22.x, arm64, from the prebuilt zips', () => {
    expect(resourcesOfType(dev, 'AWS::Lambda::Function')).toEqual([
      'AttachTriggersLambdaFunction',
      'PreAuthenticationLambdaFunction',
      'PreTokenGenerationLambdaFunction',
      'UserinfoLambdaFunction',
    ])
    const expected = {
      PreTokenGenerationLambdaFunction: ['pre-token-generation', 512, 5, 'PreTokenGenerationRole'],
      PreAuthenticationLambdaFunction: ['pre-authentication', 512, 5, 'PreAuthenticationRole'],
      UserinfoLambdaFunction: ['userinfo', 512, 6, 'UserinfoRole'],
      AttachTriggersLambdaFunction: ['attach-triggers', 256, 60, 'AttachTriggersRole'],
    } as const
    for (const [logicalId, [name, memory, timeout, role]] of Object.entries(expected)) {
      const fn = lambdaFunction(dev, logicalId)
      expect(fn).toMatchObject({
        FunctionName: `claimsmith-dev-${name}`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: timeout,
        Role: { 'Fn::GetAtt': [role, 'Arn'] },
      })
      expect((fn.Code as Json).S3Key).toMatch(new RegExp(`/${name}\\.zip$`))
    }
  })

  const CLAIMS_READER_ENVIRONMENT = {
    NODE_OPTIONS: '--enable-source-maps',
    LOG_LEVEL: 'info',
    CLAIMS_TABLE: { Ref: 'ClaimsTable' },
    CONFIG_CACHE_TTL_SECONDS: '60',
    CONFIG_MAX_STALE_SECONDS: '300',
    REQUIRE_PROFILE: 'false',
    CONSISTENT_READ: 'false',
  }

  it('gives the triggers the claims table and their settings', () => {
    for (const id of ['PreTokenGenerationLambdaFunction', 'PreAuthenticationLambdaFunction']) {
      expect(lambdaFunction(dev, id).Environment).toEqual({
        Variables: {
          ...CLAIMS_READER_ENVIRONMENT,
          ON_STORE_ERROR: 'fail',
          ON_INVALID_CLAIM: 'omit',
          TOKEN_SIZE_BUDGET_BYTES: '2048',
          TOKEN_SIZE_POLICY: 'log',
          DEADLINE_MARGIN_MS: '300',
        },
      })
    }
  })

  it('gives userinfo the claims table, the issuer of the pool and its settings', () => {
    expect(lambdaFunction(dev, 'UserinfoLambdaFunction').Environment).toEqual({
      Variables: {
        ...CLAIMS_READER_ENVIRONMENT,
        ISSUER: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`,
        DEADLINE_MARGIN_MS: '500',
        USERINFO_CLOCK_TOLERANCE_SECONDS: '5',
        USERINFO_ALLOWED_CLIENT_IDS: '',
        USERINFO_CORS_ORIGINS: '',
      },
    })
  })

  it('defaults every setting to what the function itself defaults to', () => {
    const variables = (logicalId: string): Record<string, string> => {
      const env = (lambdaFunction(dev, logicalId).Environment as { Variables: Json }).Variables
      return { ...(env as Record<string, string>), CLAIMS_TABLE: 'claims' }
    }
    const trigger = variables('PreTokenGenerationLambdaFunction')
    expect(readTriggerSettings(trigger)).toEqual(readTriggerSettings({}))
    expect(readClaimsRuntimeSettings(trigger)).toEqual(
      readClaimsRuntimeSettings({ CLAIMS_TABLE: 'claims' }),
    )
    const userinfo = variables('UserinfoLambdaFunction')
    expect(readUserInfoSettings(userinfo)).toEqual(
      readUserInfoSettings({ ISSUER: userinfo.ISSUER }),
    )
    expect(readClaimsRuntimeSettings(userinfo)).toEqual(
      readClaimsRuntimeSettings({ CLAIMS_TABLE: 'claims' }),
    )
  })

  it('gives attach-triggers nothing but the runtime settings', () => {
    expect(lambdaFunction(dev, 'AttachTriggersLambdaFunction').Environment).toEqual({
      Variables: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'info' },
    })
  })

  it('creates the claims table on demand, with point-in-time recovery and encryption', () => {
    expect(resourcesOfType(dev, 'AWS::DynamoDB::Table')).toEqual(['ClaimsTable'])
    const table = dev.Resources.ClaimsTable
    expect(table?.DeletionPolicy).toBe('Delete')
    expect(table?.UpdateReplacePolicy).toBe('Delete')
    expect(table?.Properties).toEqual({
      TableName: 'claimsmith-dev-claims',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: false,
    })
  })

  it('creates one role per function and no shared execution role', () => {
    expect(resourcesOfType(dev, 'AWS::IAM::Role')).toEqual([
      'AttachTriggersRole',
      'PreAuthenticationRole',
      'PreTokenGenerationRole',
      'UserinfoRole',
    ])
    expect(resourcesOfType(dev, 'AWS::IAM::Policy')).toEqual([])
    expect(resourcesOfType(dev, 'AWS::IAM::ManagedPolicy')).toEqual([])
    for (const role of resourcesOfType(dev, 'AWS::IAM::Role')) {
      const properties = dev.Resources[role]?.Properties
      expect(properties?.ManagedPolicyArns).toBeUndefined()
      expect(properties?.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      })
    }
  })

  it.each([
    ['PreTokenGenerationRole', 'claimsmith-dev-pre-token-generation'],
    ['PreAuthenticationRole', 'claimsmith-dev-pre-authentication'],
    ['UserinfoRole', 'claimsmith-dev-userinfo'],
  ])('lets %s write its own logs and read the claims table, nothing more', (role, fn) => {
    expect(policyStatements(dev, role)).toEqual([logsStatement(fn), READ_CLAIMS])
  })

  it('lets attach-triggers write its own logs and read and update that one pool, nothing more', () => {
    const statements = policyStatements(dev, 'AttachTriggersRole')
    expect(statements.slice(0, 2)).toEqual([
      logsStatement('claimsmith-dev-attach-triggers'),
      {
        Sid: 'ReadAndUpdateTheUserPool',
        Effect: 'Allow',
        Action: ['cognito-idp:DescribeUserPool', 'cognito-idp:UpdateUserPool'],
        Resource: POOL_ARN,
      },
    ])
    // The optional statements are off unless their parameters are set.
    expect(statements.slice(2).map((s) => (s as Json)['Fn::If'])).toEqual([
      ['PassesPoolSmsRole', expect.anything(), { Ref: 'AWS::NoValue' }],
      ['UsesPoolKmsKey', expect.anything(), { Ref: 'AWS::NoValue' }],
    ])
    expect(dev.Conditions).toEqual({
      PassesPoolSmsRole: { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] },
      UsesPoolKmsKey: { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] },
    })
  })

  it('has no wildcard action or resource in any statement that allows', () => {
    const allows: Json[] = []
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect)
      else if (node !== null && typeof node === 'object') {
        const record = node as Json
        if (record.Effect === 'Allow' && 'Action' in record) allows.push(record)
        Object.values(record).forEach(collect)
      }
    }
    collect(dev.Resources)
    expect(allows.length).toBeGreaterThan(8)
    for (const statement of allows) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/)
      const resources = JSON.stringify(statement.Resource ?? '')
      // The one `*`: log streams of a single, named log group (log-group:<name>:*).
      expect(
        resources.replace(/log-group:\/aws\/lambda\/claimsmith-dev-[a-z-]+:\*/, ''),
      ).not.toMatch(/\*/)
    }
  })

  it('attaches the triggers to the pool with trigger version V2_0 by default', () => {
    expect(resourcesOfType(dev, 'Custom::UserPoolTriggers')).toEqual(['UserPoolTriggers'])
    expect(dev.Resources.UserPoolTriggers?.DependsOn).toEqual([
      'PreTokenGenerationCognitoPermission',
      'PreAuthenticationCognitoPermission',
    ])
    expect(dev.Resources.UserPoolTriggers?.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': ['AttachTriggersLambdaFunction', 'Arn'] },
      ServiceTimeout: 300,
      UserPoolId: POOL,
      Triggers: {
        PreAuthentication: { 'Fn::GetAtt': ['PreAuthenticationLambdaFunction', 'Arn'] },
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': ['PreTokenGenerationLambdaFunction', 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    })
  })

  it('lets only that pool invoke the triggers, and only the HTTP API invoke userinfo', () => {
    expect(resourcesOfType(dev, 'AWS::Lambda::Permission')).toEqual([
      'PreAuthenticationCognitoPermission',
      'PreTokenGenerationCognitoPermission',
      'UserinfoLambdaPermissionHttpApi',
    ])
    for (const [id, fn] of [
      ['PreTokenGenerationCognitoPermission', 'PreTokenGenerationLambdaFunction'],
      ['PreAuthenticationCognitoPermission', 'PreAuthenticationLambdaFunction'],
    ]) {
      expect(dev.Resources[id as string]?.Properties).toEqual({
        FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceAccount: { Ref: 'AWS::AccountId' },
        SourceArn: POOL_ARN,
      })
    }
    expect(dev.Resources.UserinfoLambdaPermissionHttpApi?.Properties).toMatchObject({
      FunctionName: { 'Fn::GetAtt': ['UserinfoLambdaFunction', 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
    })
  })

  it('serves userinfo at GET, POST and OPTIONS (CORS preflights) /userinfo on an HTTP API, payload format 2.0', () => {
    const routes = resourcesOfType(dev, 'AWS::ApiGatewayV2::Route').map(
      (id) => dev.Resources[id]?.Properties.RouteKey,
    )
    expect(routes.sort()).toEqual(['GET /userinfo', 'OPTIONS /userinfo', 'POST /userinfo'])
    expect(resourcesOfType(dev, 'AWS::ApiGatewayV2::Api')).toEqual(['HttpApi'])
    expect(resourcesOfType(dev, 'AWS::ApiGatewayV2::Integration')).toEqual([
      'HttpApiIntegrationUserinfo',
    ])
    expect(dev.Resources.HttpApiIntegrationUserinfo?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': ['UserinfoLambdaFunction', 'Arn'] },
      PayloadFormatVersion: '2.0',
    })
  })

  it('keeps logs 30 days, in one log group per function', () => {
    const groups = resourcesOfType(dev, 'AWS::Logs::LogGroup')
    expect(groups).toHaveLength(4)
    for (const id of groups) expect(dev.Resources[id]?.Properties.RetentionInDays).toBe(30)
    expect(dev.Resources.PreTokenGenerationLogGroup?.Properties.LogGroupName).toBe(
      '/aws/lambda/claimsmith-dev-pre-token-generation',
    )
  })

  it('publishes no function versions and uses no framework-made custom resource', () => {
    expect(resourcesOfType(dev, 'AWS::Lambda::Version')).toEqual([])
    expect(resourcesOfType(dev, 'Custom::CognitoUserPool')).toEqual([])
  })

  it('outputs the table, the pool, the trigger version and the issuer', () => {
    expect(dev.Outputs).toMatchObject({
      ClaimsTableName: { Value: { Ref: 'ClaimsTable' } },
      UserPoolId: { Value: POOL },
      PreTokenGenerationTriggerVersion: { Value: 'V2_0' },
      Issuer: { Value: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}` },
    })
  })
})

describe('osls package (stage prod)', () => {
  it('keeps the table: deletion protection, and Retain on delete and on replacement', () => {
    const table = prod.Resources.ClaimsTable
    expect(table?.DeletionPolicy).toBe('Retain')
    expect(table?.UpdateReplacePolicy).toBe('Retain')
    expect(table?.Properties.DeletionProtectionEnabled).toBe(true)
    expect(table?.Properties.TableName).toBe('claimsmith-prod-claims')
  })

  it('keeps logs a year', () => {
    for (const id of resourcesOfType(prod, 'AWS::Logs::LogGroup')) {
      expect(prod.Resources[id]?.Properties.RetentionInDays).toBe(365)
    }
  })
})

describe('osls package (parameters set)', () => {
  it('attaches with the trigger version given', () => {
    expect(tuned.Resources.UserPoolTriggers?.Properties.Triggers).toMatchObject({
      PreTokenGenerationConfig: { LambdaVersion: 'V3_0' },
    })
  })

  it('passes the settings given to the functions', () => {
    expect(
      (lambdaFunction(tuned, 'PreTokenGenerationLambdaFunction').Environment as Json).Variables,
    ).toMatchObject({ ON_STORE_ERROR: 'omit' })
    expect(
      (lambdaFunction(tuned, 'UserinfoLambdaFunction').Environment as Json).Variables,
    ).toMatchObject({
      USERINFO_CORS_ORIGINS: 'https://app.acme.example',
      ISSUER: `https://issuer-cognito-idp.${REGION}.amazonaws.com/${POOL}`,
    })
  })

  it('lets attach-triggers pass the pool SMS role to Cognito, and only to Cognito', () => {
    const smsRole = 'arn:aws:iam::123456789012:role/acme-cognito-sms'
    expect(tuned.Conditions?.PassesPoolSmsRole).toEqual({
      'Fn::Not': [{ 'Fn::Equals': ['', smsRole] }],
    })
    expect(policyStatements(tuned, 'AttachTriggersRole')[2]).toEqual({
      'Fn::If': [
        'PassesPoolSmsRole',
        {
          Sid: 'PassThePoolSmsRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: smsRole,
          Condition: { StringEquals: { 'iam:PassedToService': 'cognito-idp.amazonaws.com' } },
        },
        { Ref: 'AWS::NoValue' },
      ],
    })
  })

  it('refuses to package without a user pool, naming the parameter', async () => {
    const failure = await packageTemplate('dev', {}).then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    )
    expect(failure).toMatch(/Cannot resolve variable at "custom\.userPoolId"/)
  }, 30_000)
})
