import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider'
import type { CloudFormationCustomResourceEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AttachTriggersHandler,
  createAttachTriggersHandler,
} from '../../lib/deploy/attach-triggers-handler.js'
import type { CustomResourceOutcome } from '../../lib/deploy/cloudformation-response.js'
import { replaceUserPoolTriggers } from '../../lib/deploy/replace-user-pool-triggers.js'
import { silentLogger } from '../../lib/observability/index.js'
import { type CognitoLocal, startCognitoLocal } from './support/start-cognito-local.js'

const arn = (name: string) => `arn:aws:lambda:local:123456789012:function:${name}`
const PRE_TOKEN = arn('claimsmith-test-pre-token-generation')
const PRE_AUTH = arn('claimsmith-test-pre-authentication')
const THEIR_PRE_SIGN_UP = arn('acme-pre-sign-up')

/** A pool far from Cognito's defaults, with a trigger of someone else's. */
const NON_DEFAULT_POOL: Omit<CreateUserPoolCommandInput, 'PoolName'> = {
  Policies: {
    PasswordPolicy: {
      MinimumLength: 14,
      RequireUppercase: true,
      RequireLowercase: false,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 3,
    },
  },
  LambdaConfig: { PreSignUp: THEIR_PRE_SIGN_UP },
  AutoVerifiedAttributes: ['email'],
  UsernameAttributes: ['email'],
  SmsVerificationMessage: 'Your Acme code is {####}',
  EmailVerificationMessage: 'Your Acme verification code is {####}',
  EmailVerificationSubject: 'Verify your Acme account',
  VerificationMessageTemplate: {
    EmailMessage: 'Your Acme verification code is {####}',
    EmailSubject: 'Verify your Acme account',
    DefaultEmailOption: 'CONFIRM_WITH_CODE',
  },
  SmsAuthenticationMessage: 'Your Acme sign-in code is {####}',
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
  MfaConfiguration: 'OPTIONAL',
  DeviceConfiguration: {
    ChallengeRequiredOnNewDevice: true,
    DeviceOnlyRememberedOnUserPrompt: true,
  },
  EmailConfiguration: {
    EmailSendingAccount: 'DEVELOPER',
    SourceArn: 'arn:aws:ses:local:123456789012:identity/acme.example',
    From: 'Acme <no-reply@acme.example>',
  },
  SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/acme-sms', ExternalId: 'acme' },
  UserPoolTags: { team: 'identity' },
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: true,
    InviteMessageTemplate: { EmailSubject: 'Welcome to Acme', EmailMessage: '{username} / {####}' },
  },
  UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
  Schema: [{ Name: 'tenant', AttributeDataType: 'String', Mutable: true }],
}

let cognitoLocal: CognitoLocal
let cognito: CognitoIdentityProviderClient
let responses: CustomResourceOutcome[]
let handler: AttachTriggersHandler

async function createPool(name: string): Promise<string> {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({ ...structuredClone(NON_DEFAULT_POOL), PoolName: name }),
  )
  if (UserPool?.Id === undefined) throw new Error('CreateUserPool returned no id')
  return UserPool.Id
}

async function describePool(id: string): Promise<UserPoolType> {
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))
  if (UserPool === undefined) throw new Error('DescribeUserPool returned no pool')
  return UserPool
}

/**
 * Everything but the triggers and the modification time, which an attach may
 * change, and the deprecated UnusedAccountValidityDays: Cognito refuses it in
 * UpdateUserPool (TemporaryPasswordValidityDays replaces it), so it is never
 * sent back, and the emulator then stops echoing its own default for it.
 */
function settingsOf(pool: UserPoolType): UserPoolType {
  const {
    LambdaConfig: _triggers,
    LastModifiedDate: _modified,
    ...settings
  } = structuredClone(pool)
  delete settings.AdminCreateUserConfig?.UnusedAccountValidityDays
  return settings
}

function properties(userPoolId: string, version = 'V2_0', preAuthentication = PRE_AUTH) {
  return {
    ServiceToken: arn('claimsmith-test-attach-triggers'),
    ServiceTimeout: '300',
    UserPoolId: userPoolId,
    Triggers: {
      PreAuthentication: preAuthentication,
      PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: version },
    },
  }
}

const COMMON = {
  ServiceToken: arn('claimsmith-test-attach-triggers'),
  ResponseURL: 'https://cloudformation-custom-resource-response.example/put',
  StackId: 'arn:aws:cloudformation:local:123456789012:stack/claimsmith-test/1',
  RequestId: 'request-1',
  LogicalResourceId: 'UserPoolTriggers',
  ResourceType: 'Custom::UserPoolTriggers',
}

function createEvent(props: object): CloudFormationCustomResourceEvent {
  return { ...COMMON, RequestType: 'Create', ResourceProperties: props as never }
}

function updateEvent(id: string, props: object, old: object): CloudFormationCustomResourceEvent {
  return {
    ...COMMON,
    RequestType: 'Update',
    PhysicalResourceId: id,
    ResourceProperties: props as never,
    OldResourceProperties: old as never,
  }
}

function deleteEvent(id: string, props: object): CloudFormationCustomResourceEvent {
  return {
    ...COMMON,
    RequestType: 'Delete',
    PhysicalResourceId: id,
    ResourceProperties: props as never,
  }
}

const CONTEXT = { logStreamName: '2025/01/01/[$LATEST]abcdef' }

beforeAll(async () => {
  cognitoLocal = await startCognitoLocal()
  cognito = new CognitoIdentityProviderClient({
    endpoint: cognitoLocal.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  responses = []
  handler = createAttachTriggersHandler({
    cognito,
    region: 'local',
    logger: silentLogger,
    respond: async (_event, outcome) => {
      responses.push(outcome)
    },
  })
})

afterAll(async () => {
  cognito?.destroy()
  await cognitoLocal?.stop()
})

describe('the emulator', () => {
  it('resets settings UpdateUserPool is not given, as Cognito does, so these tests mean something', async () => {
    const id = await createPool('naive')
    const before = await describePool(id)
    await cognito.send(
      new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PreAuthentication: PRE_AUTH } }),
    )
    const after = await describePool(id)
    expect(after.LambdaConfig).toEqual({ PreAuthentication: PRE_AUTH })
    expect(settingsOf(after)).not.toEqual(settingsOf(before))
    expect(after.Policies).toBeUndefined()
    expect(after.MfaConfiguration).toBeUndefined()
  })
})

describe('the attach-triggers custom resource against cognito-local', () => {
  it('attaches the triggers on create and leaves every other setting as it was', async () => {
    const id = await createPool('create')
    const before = await describePool(id)

    await handler(createEvent(properties(id)), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: id })
    const after = await describePool(id)
    expect(settingsOf(after)).toEqual(settingsOf(before))
    expect(after.LambdaConfig).toEqual({
      PreSignUp: THEIR_PRE_SIGN_UP,
      PreAuthentication: PRE_AUTH,
      PreTokenGeneration: PRE_TOKEN,
      PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: 'V2_0' },
    })
  })

  it('switches the trigger version on update and changes nothing else', async () => {
    const id = await createPool('switch-version')
    await handler(createEvent(properties(id, 'V2_0')), CONTEXT)
    const before = await describePool(id)

    await handler(updateEvent(id, properties(id, 'V3_0'), properties(id, 'V2_0')), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: id })
    const after = await describePool(id)
    expect(settingsOf(after)).toEqual(settingsOf(before))
    expect(after.LambdaConfig?.PreTokenGenerationConfig).toEqual({
      LambdaArn: PRE_TOKEN,
      LambdaVersion: 'V3_0',
    })
    expect(after.LambdaConfig?.PreSignUp).toBe(THEIR_PRE_SIGN_UP)
  })

  it('replaces a function whose ARN changed on update', async () => {
    const id = await createPool('renamed')
    await handler(createEvent(properties(id)), CONTEXT)
    const renamed = arn('claimsmith-test-pre-authentication-2')

    await handler(updateEvent(id, properties(id, 'V2_0', renamed), properties(id)), CONTEXT)

    expect((await describePool(id)).LambdaConfig?.PreAuthentication).toBe(renamed)
  })

  it('attaches to the new pool when the pool changes, and the delete that follows detaches the old one', async () => {
    const oldId = await createPool('old')
    const newId = await createPool('new')
    await handler(createEvent(properties(oldId)), CONTEXT)

    await handler(updateEvent(oldId, properties(newId), properties(oldId)), CONTEXT)
    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: newId })
    expect((await describePool(newId)).LambdaConfig?.PreAuthentication).toBe(PRE_AUTH)

    await handler(deleteEvent(oldId, properties(oldId)), CONTEXT)
    expect((await describePool(oldId)).LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
    expect((await describePool(newId)).LambdaConfig?.PreAuthentication).toBe(PRE_AUTH)
  })

  it('removes only its own triggers on delete and leaves every other setting as it was', async () => {
    const id = await createPool('delete')
    const untouched = await describePool(id)
    await handler(createEvent(properties(id)), CONTEXT)

    await handler(deleteEvent(id, properties(id)), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: id })
    const after = await describePool(id)
    expect(settingsOf(after)).toEqual(settingsOf(untouched))
    expect(after.LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
  })

  it('keeps a trigger someone pointed elsewhere since, on delete', async () => {
    const id = await createPool('taken-over')
    await handler(createEvent(properties(id)), CONTEXT)
    const theirs = arn('acme-pre-authentication')
    await replaceUserPoolTriggers(cognito, { userPoolId: id, add: { PreAuthentication: theirs } })

    await handler(deleteEvent(id, properties(id)), CONTEXT)

    expect((await describePool(id)).LambdaConfig).toEqual({
      PreSignUp: THEIR_PRE_SIGN_UP,
      PreAuthentication: theirs,
    })
  })

  it('still attaches on update when the old properties are unreadable', async () => {
    const id = await createPool('unreadable-old')

    await handler(updateEvent(id, properties(id), { UserPoolId: 'nonsense' }), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: id })
    expect((await describePool(id)).LambdaConfig?.PreAuthentication).toBe(PRE_AUTH)
  })

  it('sends no update when the triggers are already set', async () => {
    const id = await createPool('idempotent')
    const triggers = { PreAuthentication: PRE_AUTH }
    expect(await replaceUserPoolTriggers(cognito, { userPoolId: id, add: triggers })).toBe(true)
    expect(await replaceUserPoolTriggers(cognito, { userPoolId: id, add: triggers })).toBe(false)
  })

  it('succeeds on delete when the pool is gone', async () => {
    const id = await createPool('gone')
    await handler(createEvent(properties(id)), CONTEXT)
    await cognito.send(new DeleteUserPoolCommand({ UserPoolId: id }))

    await handler(deleteEvent(id, properties(id)), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: id })
  })

  it('succeeds on delete when the properties never attached anything', async () => {
    await handler(deleteEvent(CONTEXT.logStreamName, { UserPoolId: 'nonsense' }), CONTEXT)
    expect(responses.at(-1)).toEqual({
      status: 'SUCCESS',
      physicalResourceId: CONTEXT.logStreamName,
    })
  })

  it.each([
    ['a pool that does not exist', properties('local_Missing1'), /ResourceNotFoundException/],
    [
      'a pool in another region',
      properties('eu-west-1_AbCdEf123'),
      /deploy the stack to eu-west-1/,
    ],
    ['a bad trigger version', properties('local_Missing1', 'V9_0'), /LambdaVersion must be one of/],
  ])('fails create for %s, telling CloudFormation why', async (_name, props, reason) => {
    await handler(createEvent(props), CONTEXT)
    const outcome = responses.at(-1)
    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: CONTEXT.logStreamName })
    expect(outcome?.status === 'FAILED' && outcome.reason).toMatch(reason)
  })
})
