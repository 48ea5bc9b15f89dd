import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTriggerSettings } from '../../lib/cognito/read-trigger-settings.js'
import { readIntrospectionSettings } from '../../lib/introspection/index.js'
import { readClaimsRuntimeSettings } from '../../lib/runtime/create-claims-runtime.js'
import { readUserInfoSettings } from '../../lib/userinfo/index.js'
import {
  createServicePackager,
  PACKAGE_REGION as REGION,
  type ServicePackager,
  type Template,
} from './support/package-service.js'
import { runControlTowerRules } from './support/run-cfn-guard.js'
import { runCfnLint } from './support/run-cfn-lint.js'

const POOL = 'eu-west-1_AbCdEf123'

type Json = Record<string, unknown>

let packager: ServicePackager

// Where each packaged template was written, for the linters.
const templatePaths = new Map<Template, string>()

async function packageTemplate(stage: string, params: Record<string, string>): Promise<Template> {
  const { template, path } = await packager.package(stage, params)
  templatePaths.set(template, path)
  return template
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

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'

let dev: Template
let prod: Template
let tuned: Template

beforeAll(async () => {
  packager = await createServicePackager()
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
      poolKmsKeyArn: KMS_KEY,
      replaceExistingTriggers: 'true',
      userinfoReservedConcurrency: '20',
      introspectionScope: 'orders/introspect',
      introspectionAllowedClientIds: 'orders-api billing-api',
      httpApiThrottlingRateLimit: '10',
      httpApiThrottlingBurstLimit: '15',
    }),
  ])
}, 90_000)

afterAll(async () => {
  await packager?.close()
})

describe('osls package (stage dev)', () => {
  it('creates the five functions on nodejs24.x, arm64, from the prebuilt zips', () => {
    expect(resourcesOfType(dev, 'AWS::Lambda::Function')).toEqual([
      'AttachTriggersLambdaFunction',
      'IntrospectionLambdaFunction',
      'PreAuthenticationLambdaFunction',
      'PreTokenGenerationLambdaFunction',
      'UserinfoLambdaFunction',
    ])
    const expected = {
      PreTokenGenerationLambdaFunction: ['pre-token-generation', 512, 5, 'PreTokenGenerationRole'],
      PreAuthenticationLambdaFunction: ['pre-authentication', 512, 5, 'PreAuthenticationRole'],
      UserinfoLambdaFunction: ['userinfo', 512, 6, 'UserinfoRole'],
      IntrospectionLambdaFunction: ['introspection', 512, 6, 'IntrospectionRole'],
      AttachTriggersLambdaFunction: ['attach-triggers', 256, 60, 'AttachTriggersRole'],
    } as const
    for (const [logicalId, [name, memory, timeout, role]] of Object.entries(expected)) {
      const fn = lambdaFunction(dev, logicalId)
      expect(fn).toMatchObject({
        FunctionName: `claimsmith-dev-${name}`,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: timeout,
        Role: { 'Fn::Sub': `\${${role}.Arn}` },
      })
      expect((fn.Code as Json).S3Key).toMatch(new RegExp(`/${name}\\.zip$`))
      // The role reference orders the function after its role; no DependsOn repeats it.
      expect(dev.Resources[logicalId]?.DependsOn).toEqual([
        `${logicalId.replace(/LambdaFunction$/, '')}LogGroup`,
      ])
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

  it('gives introspection the claims table, the issuer of the pool, the scope callers need and its settings', () => {
    expect(lambdaFunction(dev, 'IntrospectionLambdaFunction').Environment).toEqual({
      Variables: {
        ...CLAIMS_READER_ENVIRONMENT,
        ISSUER: `https://cognito-idp.${REGION}.amazonaws.com/${POOL}`,
        DEADLINE_MARGIN_MS: '500',
        USERINFO_CLOCK_TOLERANCE_SECONDS: '5',
        INTROSPECTION_SCOPE: 'claimsmith/introspect',
        INTROSPECTION_ALLOWED_CLIENT_IDS: '',
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
    const introspection = variables('IntrospectionLambdaFunction')
    expect(readIntrospectionSettings(introspection)).toEqual(
      readIntrospectionSettings({ ISSUER: introspection.ISSUER }),
    )
    expect(readClaimsRuntimeSettings(introspection)).toEqual(
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
      'IntrospectionRole',
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
    ['UserinfoRole', 'claimsmith-dev-userinfo'],
    ['IntrospectionRole', 'claimsmith-dev-introspection'],
  ])('lets %s write its own logs and read the claims table, PartiQL SELECTs on keys included but no scan, nothing more', (role, fn) => {
    expect(policyStatements(dev, role)).toEqual([
      logsStatement(fn),
      { ...READ_CLAIMS, Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PartiQLSelect'] },
      {
        Sid: 'NoTableScan',
        Effect: 'Deny',
        Action: 'dynamodb:PartiQLSelect',
        Resource: READ_CLAIMS.Resource,
        Condition: { Bool: { 'dynamodb:FullTableScan': 'true' } },
      },
    ])
  })

  it('lets PreAuthenticationRole write its own logs and read the claims table, nothing more', () => {
    expect(policyStatements(dev, 'PreAuthenticationRole')).toEqual([
      logsStatement('claimsmith-dev-pre-authentication'),
      READ_CLAIMS,
    ])
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
    // Decided by template parameters, not by literals fixed at package time.
    expect(dev.Conditions).toEqual({
      PassesPoolSmsRole: { 'Fn::Not': [{ 'Fn::Equals': ['', { Ref: 'PoolSmsRoleArn' }] }] },
      UsesPoolKmsKey: { 'Fn::Not': [{ 'Fn::Equals': ['', { Ref: 'PoolKmsKeyArn' }] }] },
    })
    expect(dev.Parameters?.PoolSmsRoleArn).toMatchObject({ Type: 'String', Default: '' })
    expect(dev.Parameters?.PoolKmsKeyArn).toMatchObject({ Type: 'String', Default: '' })
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
      ReplaceExistingTriggers: false,
      Triggers: {
        PreAuthentication: { 'Fn::GetAtt': ['PreAuthenticationLambdaFunction', 'Arn'] },
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': ['PreTokenGenerationLambdaFunction', 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    })
  })

  it('lets only that pool invoke the triggers, and only the HTTP API invoke userinfo and introspection', () => {
    expect(resourcesOfType(dev, 'AWS::Lambda::Permission')).toEqual([
      'IntrospectionLambdaPermissionHttpApi',
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
    for (const fn of ['Userinfo', 'Introspection']) {
      expect(dev.Resources[`${fn}LambdaPermissionHttpApi`]?.Properties).toMatchObject({
        FunctionName: { 'Fn::GetAtt': [`${fn}LambdaFunction`, 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
      })
    }
  })

  it('serves userinfo at GET, POST and OPTIONS (CORS preflights) /userinfo and introspection at /introspect (every method, so the function answers 405) on one HTTP API, payload format 2.0', () => {
    const routes = resourcesOfType(dev, 'AWS::ApiGatewayV2::Route').map(
      (id) => dev.Resources[id]?.Properties.RouteKey,
    )
    expect(routes.sort()).toEqual([
      'ANY /introspect',
      'GET /userinfo',
      'OPTIONS /userinfo',
      'POST /userinfo',
    ])
    expect(resourcesOfType(dev, 'AWS::ApiGatewayV2::Api')).toEqual(['HttpApi'])
    expect(resourcesOfType(dev, 'AWS::ApiGatewayV2::Integration')).toEqual([
      'HttpApiIntegrationIntrospection',
      'HttpApiIntegrationUserinfo',
    ])
    for (const fn of ['Userinfo', 'Introspection']) {
      expect(dev.Resources[`HttpApiIntegration${fn}`]?.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [`${fn}LambdaFunction`, 'Arn'] },
        PayloadFormatVersion: '2.0',
      })
    }
  })

  it('keeps logs 30 days, in one log group per function and one for the HTTP API access log', () => {
    const groups = resourcesOfType(dev, 'AWS::Logs::LogGroup')
    expect(groups).toEqual([
      'AttachTriggersLogGroup',
      'HttpApiLogGroup',
      'IntrospectionLogGroup',
      'PreAuthenticationLogGroup',
      'PreTokenGenerationLogGroup',
      'UserinfoLogGroup',
    ])
    for (const id of groups) expect(dev.Resources[id]?.Properties.RetentionInDays).toBe(30)
    expect(dev.Resources.PreTokenGenerationLogGroup?.Properties.LogGroupName).toBe(
      '/aws/lambda/claimsmith-dev-pre-token-generation',
    )
  })

  it('reserves concurrency for userinfo and introspection, so their callers cannot take what sign-ins need', () => {
    expect(lambdaFunction(dev, 'UserinfoLambdaFunction').ReservedConcurrentExecutions).toBe(50)
    expect(lambdaFunction(dev, 'IntrospectionLambdaFunction').ReservedConcurrentExecutions).toBe(50)
    for (const id of [
      'PreTokenGenerationLambdaFunction',
      'PreAuthenticationLambdaFunction',
      'AttachTriggersLambdaFunction',
    ]) {
      expect(lambdaFunction(dev, id).ReservedConcurrentExecutions).toBeUndefined()
    }
  })

  it('throttles every route of the HTTP API stage', () => {
    expect(resourcesOfType(dev, 'AWS::ApiGatewayV2::Stage')).toEqual(['HttpApiStage'])
    expect(dev.Resources.HttpApiStage?.Properties.DefaultRouteSettings).toEqual({
      DetailedMetricsEnabled: false,
      ThrottlingRateLimit: 100,
      ThrottlingBurstLimit: 200,
    })
  })

  it("writes the HTTP API access log as JSON without headers or tokens, kept like the functions' logs", () => {
    const settings = dev.Resources.HttpApiStage?.Properties.AccessLogSettings as Json
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] })
    const format = JSON.parse(settings.Format as string) as Record<string, string>
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
    })
    for (const variable of Object.values(format)) {
      expect(variable).toMatch(/^\$context\.[\w.]+$/)
      expect(variable).not.toMatch(/header|authori[sz]|token|jwt|claims/i)
    }
    expect(dev.Resources.HttpApiLogGroup?.Properties.RetentionInDays).toBe(
      dev.Resources.UserinfoLogGroup?.Properties.RetentionInDays,
    )
  })

  it('blocks public access to the deployment bucket, versions it and expires replaced artifacts', () => {
    expect(dev.Resources.ServerlessDeploymentBucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireReplacedArtifacts',
            Status: 'Enabled',
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    })
  })

  it('denies every request to the deployment bucket without TLS, in one bucket policy', () => {
    expect(resourcesOfType(dev, 'AWS::S3::BucketPolicy')).toEqual([
      'ServerlessDeploymentBucketPolicy',
    ])
    const bucketArn = { 'Fn::GetAtt': ['ServerlessDeploymentBucket', 'Arn'] }
    expect(dev.Resources.ServerlessDeploymentBucketPolicy?.Properties).toEqual({
      Bucket: { Ref: 'ServerlessDeploymentBucket' },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyWithoutTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    })
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

  it('keeps logs a year, the access log too', () => {
    const groups = resourcesOfType(prod, 'AWS::Logs::LogGroup')
    expect(groups).toContain('HttpApiLogGroup')
    for (const id of groups) {
      expect(prod.Resources[id]?.Properties.RetentionInDays).toBe(365)
    }
  })
})

describe('osls package (parameters set)', () => {
  it('attaches with the trigger version given, replacing existing triggers when allowed', () => {
    expect(tuned.Resources.UserPoolTriggers?.Properties).toMatchObject({
      ReplaceExistingTriggers: 'true',
      Triggers: { PreTokenGenerationConfig: { LambdaVersion: 'V3_0' } },
    })
  })

  it('reserves and throttles as told', () => {
    expect(lambdaFunction(tuned, 'UserinfoLambdaFunction').ReservedConcurrentExecutions).toBe(20)
    // A --param value reaches the template as a string, which CloudFormation reads as the number.
    const settings = tuned.Resources.HttpApiStage?.Properties.DefaultRouteSettings as Json
    expect(Number(settings.ThrottlingRateLimit)).toBe(10)
    expect(Number(settings.ThrottlingBurstLimit)).toBe(15)
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
    const introspection = (lambdaFunction(tuned, 'IntrospectionLambdaFunction').Environment as Json)
      .Variables as Record<string, string>
    expect(introspection).toMatchObject({
      INTROSPECTION_SCOPE: 'orders/introspect',
      INTROSPECTION_ALLOWED_CLIENT_IDS: 'orders-api billing-api',
    })
    expect(readIntrospectionSettings(introspection)).toMatchObject({
      scope: 'orders/introspect',
      allowedClientIds: new Set(['orders-api', 'billing-api']),
    })
  })

  it('lets attach-triggers pass the pool SMS role to Cognito, and only to Cognito', () => {
    const smsRole = 'arn:aws:iam::123456789012:role/acme-cognito-sms'
    expect(tuned.Parameters?.PoolSmsRoleArn).toMatchObject({ Default: smsRole })
    expect(policyStatements(tuned, 'AttachTriggersRole')[2]).toEqual({
      'Fn::If': [
        'PassesPoolSmsRole',
        {
          Sid: 'PassThePoolSmsRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: { Ref: 'PoolSmsRoleArn' },
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

describe("the packaged template under AWS's linters", () => {
  const pathOf = (template: Template): string => {
    const path = templatePaths.get(template)
    if (path === undefined) throw new Error('the template was not packaged by this file')
    return path
  }

  // osls adds a DependsOn to these that their Ref or GetAtt already implies;
  // docs/deploy.md says why they stay.
  const DOCUMENTED_WARNINGS = [
    'W3005 Resources/HttpApiRouteAnyIntrospect/DependsOn',
    'W3005 Resources/HttpApiRouteGetUserinfo/DependsOn',
    'W3005 Resources/HttpApiRouteOptionsUserinfo/DependsOn',
    'W3005 Resources/HttpApiRoutePostUserinfo/DependsOn',
    'W3005 Resources/HttpApiStage/DependsOn',
  ]

  it.each([
    ['dev', () => dev],
    ['prod', () => prod],
    ['parameters set', () => tuned],
  ])(
    'cfn-lint finds no error in the %s template, and only the documented warnings',
    async (_name, template) => {
      const findings = await runCfnLint(pathOf(template()))
      expect(findings.filter((f) => f.level === 'Error')).toEqual([])
      expect(findings.map((f) => `${f.rule} ${f.path}`).sort()).toEqual(DOCUMENTED_WARNINGS)
    },
    120_000,
  )

  /** What each Control Tower control that prod fails is about; docs/deploy.md says why. */
  const PROD_VIOLATIONS = {
    'CT.APIGATEWAY.PR.5': [
      'HttpApiRouteAnyIntrospect',
      'HttpApiRouteGetUserinfo',
      'HttpApiRouteOptionsUserinfo',
      'HttpApiRoutePostUserinfo',
    ],
    'CT.CLOUDWATCH.PR.3': [
      'AttachTriggersLogGroup',
      'HttpApiLogGroup',
      'IntrospectionLogGroup',
      'PreAuthenticationLogGroup',
      'PreTokenGenerationLogGroup',
      'UserinfoLogGroup',
    ],
    'CT.LAMBDA.PR.2': [
      'IntrospectionLambdaPermissionHttpApi',
      'PreAuthenticationCognitoPermission',
      'PreTokenGenerationCognitoPermission',
      'UserinfoLambdaPermissionHttpApi',
    ],
    'CT.LAMBDA.PR.3': [
      'AttachTriggersLambdaFunction',
      'IntrospectionLambdaFunction',
      'PreAuthenticationLambdaFunction',
      'PreTokenGenerationLambdaFunction',
      'UserinfoLambdaFunction',
    ],
    'CT.S3.PR.10': ['ServerlessDeploymentBucket'],
    'CT.S3.PR.2': ['ServerlessDeploymentBucket'],
    'CT.S3.PR.4': ['ServerlessDeploymentBucket'],
    'CT.S3.PR.9': ['ServerlessDeploymentBucket'],
  }

  const byControl = (violations: { control: string; resource: string }[]) => {
    const grouped: Record<string, string[]> = {}
    for (const { control, resource } of violations) {
      grouped[control] = [...(grouped[control] ?? []), resource].sort()
    }
    return grouped
  }

  it('fails on prod only the Control Tower controls docs/deploy.md lists with the reason', async () => {
    const violations = byControl(await runControlTowerRules(pathOf(prod)))
    expect(violations).toEqual(PROD_VIOLATIONS)
    const doc = await readFile(new URL('../../docs/deploy.md', import.meta.url), 'utf8')
    for (const control of Object.keys(violations)) {
      expect(doc, `docs/deploy.md explains ${control}`).toMatch(
        new RegExp(`^\\| \`${control.replaceAll('.', '\\.')}\` +\\|`, 'm'),
      )
    }
  }, 120_000)

  it('fails on other stages, in addition, only the one-year log retention control', async () => {
    const violations = byControl(await runControlTowerRules(pathOf(dev)))
    const { 'CT.CLOUDWATCH.PR.2': retention, ...rest } = violations
    expect(rest).toEqual(PROD_VIOLATIONS)
    expect(retention).toEqual(PROD_VIOLATIONS['CT.CLOUDWATCH.PR.3'])
  }, 120_000)

  it('has teeth: the controls this template fixes fail on a template without the fixes', async () => {
    const broken = structuredClone(prod) as Template & { Resources: Record<string, Json> }
    const bucket = broken.Resources.ServerlessDeploymentBucket?.Properties as Json
    delete bucket.PublicAccessBlockConfiguration
    delete bucket.VersioningConfiguration
    delete bucket.LifecycleConfiguration
    const stage = broken.Resources.HttpApiStage?.Properties as Json
    delete stage.AccessLogSettings
    const path = `${pathOf(prod)}.without-fixes.json`
    await writeFile(path, JSON.stringify(broken))
    const controls = new Set((await runControlTowerRules(path)).map((v) => v.control))
    for (const control of ['CT.S3.PR.1', 'CT.S3.PR.11', 'CT.S3.PR.6', 'CT.APIGATEWAY.PR.4']) {
      expect(controls).toContain(control)
    }
  }, 120_000)
})
