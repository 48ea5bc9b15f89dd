import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AttachTriggersHandler,
  createAttachTriggersHandler,
} from '../../lib/deploy/attach-triggers-handler.js'
import type { CustomResourceOutcome } from '../../lib/deploy/cloudformation-response.js'
import { withTriggers } from '../../lib/deploy/lambda-triggers.js'
import { replaceUserPoolTriggers } from '../../lib/deploy/replace-user-pool-triggers.js'
import { silentLogger } from '../../lib/observability/index.js'
import { CUSTOM_RESOURCE_CONTEXT, customResourceEvents } from './support/custom-resource-events.js'
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

function properties(
  userPoolId: string,
  version = 'V2_0',
  preAuthentication = PRE_AUTH,
  replaceExistingTriggers = 'false',
  preTokenGeneration = PRE_TOKEN,
) {
  return {
    ServiceToken: arn('claimsmith-test-attach-triggers'),
    ServiceTimeout: '300',
    UserPoolId: userPoolId,
    ReplaceExistingTriggers: replaceExistingTriggers,
    Triggers: {
      PreAuthentication: preAuthentication,
      PreTokenGenerationConfig: { LambdaArn: preTokenGeneration, LambdaVersion: version },
    },
  }
}

/** The properties of the same stack deployed as another stage. */
function stageProperties(stage: string, userPoolId: string, replaceExistingTriggers = 'false') {
  return properties(
    userPoolId,
    'V2_0',
    arn(`claimsmith-${stage}-pre-authentication`),
    replaceExistingTriggers,
    arn(`claimsmith-${stage}-pre-token-generation`),
  )
}

function setTriggers(userPoolId: string, config: Parameters<typeof withTriggers>[1]) {
  return replaceUserPoolTriggers(cognito, userPoolId, (current) => withTriggers(current, config))
}

function lastFailure(): string {
  const outcome = responses.at(-1)
  expect(outcome?.status).toBe('FAILED')
  return outcome?.status === 'FAILED' ? outcome.reason : ''
}

const EVENTS = customResourceEvents(arn('claimsmith-test-attach-triggers'), 'local')
const createEvent = EVENTS.create
const updateEvent = EVENTS.update
const deleteEvent = EVENTS.delete
const CONTEXT = CUSTOM_RESOURCE_CONTEXT

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

  it('refuses to move to another pool on update, changes neither pool, and lets the rollback succeed', async () => {
    const oldId = await createPool('old')
    const newId = await createPool('new')
    await handler(createEvent(properties(oldId)), CONTEXT)
    const oldBefore = await describePool(oldId)
    const newBefore = await describePool(newId)

    await handler(updateEvent(oldId, properties(newId), properties(oldId)), CONTEXT)
    expect(responses.at(-1)).toMatchObject({ status: 'FAILED', physicalResourceId: oldId })
    expect(lastFailure()).toMatch(
      new RegExp(
        `^UserPoolChangedError: userPoolId changed from ${oldId} to ${newId}.*Remove the stack first`,
      ),
    )
    expect(await describePool(oldId)).toEqual(oldBefore)
    expect(await describePool(newId)).toEqual(newBefore)

    // CloudFormation's rollback: back to the old properties, on the same physical id.
    await handler(updateEvent(oldId, properties(oldId), properties(newId)), CONTEXT)
    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: oldId })
    expect(await describePool(oldId)).toEqual(oldBefore)

    await handler(deleteEvent(oldId, properties(oldId)), CONTEXT)
    expect((await describePool(oldId)).LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
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
    await setTriggers(id, { PreAuthentication: theirs })

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
    expect(await setTriggers(id, triggers)).toBe(true)
    expect(await setTriggers(id, triggers)).toBe(false)
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

describe('the attach-triggers custom resource and triggers it did not set', () => {
  const THEIR_PRE_AUTH = arn('acme-pre-authentication')
  const THEIR_PRE_TOKEN = arn('acme-pre-token-generation')
  const THEIRS = {
    PreSignUp: THEIR_PRE_SIGN_UP,
    PreAuthentication: THEIR_PRE_AUTH,
    PreTokenGeneration: THEIR_PRE_TOKEN,
    PreTokenGenerationConfig: { LambdaArn: THEIR_PRE_TOKEN, LambdaVersion: 'V1_0' },
  }

  async function poolWithTheirTriggers(name: string): Promise<string> {
    const id = await createPool(name)
    await setTriggers(id, {
      PreAuthentication: THEIR_PRE_AUTH,
      PreTokenGenerationConfig: { LambdaArn: THEIR_PRE_TOKEN, LambdaVersion: 'V1_0' },
    })
    expect((await describePool(id)).LambdaConfig).toEqual(THEIRS)
    return id
  }

  it('refuses to create over them by default, naming each, and changes nothing', async () => {
    const id = await poolWithTheirTriggers('foreign-refused')
    const before = await describePool(id)

    await handler(createEvent(properties(id)), CONTEXT)

    expect(responses.at(-1)).toMatchObject({ physicalResourceId: CONTEXT.logStreamName })
    const reason = lastFailure()
    expect(reason).toMatch(/^ForeignTriggersError: the user pool \S+ already has triggers/)
    expect(reason).toContain(`PreAuthentication ${THEIR_PRE_AUTH}`)
    expect(reason).toContain(`PreTokenGenerationConfig ${THEIR_PRE_TOKEN} (V1_0)`)
    expect(reason).toContain('--param="replaceExistingTriggers=true"')
    expect(await describePool(id)).toEqual(before)

    // The rollback's delete, on the failed create's physical id, touches nothing.
    await handler(deleteEvent(CONTEXT.logStreamName, properties(id)), CONTEXT)
    expect(responses.at(-1)?.status).toBe('SUCCESS')
    expect(await describePool(id)).toEqual(before)
  })

  it('refuses a pre-token-generation trigger set only in its legacy member', async () => {
    const id = await createPool('foreign-legacy')
    await setTriggers(id, { PreSignUp: THEIR_PRE_SIGN_UP })
    await replaceUserPoolTriggers(cognito, id, (current) => ({
      ...current,
      PreTokenGeneration: THEIR_PRE_TOKEN,
    }))

    await handler(createEvent(properties(id)), CONTEXT)

    expect(lastFailure()).toContain(`PreTokenGeneration ${THEIR_PRE_TOKEN}`)
    expect((await describePool(id)).LambdaConfig?.PreTokenGeneration).toBe(THEIR_PRE_TOKEN)
  })

  it('replaces them when allowed, records them in the physical id and restores them on delete', async () => {
    const id = await poolWithTheirTriggers('foreign-replaced')
    const untouched = await describePool(id)

    await handler(createEvent(properties(id, 'V2_0', PRE_AUTH, 'true')), CONTEXT)

    const created = responses.at(-1)
    expect(created?.status).toBe('SUCCESS')
    const physicalId = created?.physicalResourceId ?? ''
    expect(physicalId.startsWith(`${id} replaced {`)).toBe(true)
    expect(JSON.parse(physicalId.slice(`${id} replaced `.length))).toEqual({
      PreAuthentication: THEIR_PRE_AUTH,
      PreTokenGeneration: THEIR_PRE_TOKEN,
      PreTokenGenerationConfig: { LambdaArn: THEIR_PRE_TOKEN, LambdaVersion: 'V1_0' },
    })
    expect((await describePool(id)).LambdaConfig).toEqual({
      PreSignUp: THEIR_PRE_SIGN_UP,
      PreAuthentication: PRE_AUTH,
      PreTokenGeneration: PRE_TOKEN,
      PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: 'V2_0' },
    })

    // An update keeps the record: the physical id does not change.
    await handler(
      updateEvent(physicalId, properties(id, 'V3_0', PRE_AUTH, 'true'), properties(id)),
      CONTEXT,
    )
    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: physicalId })

    await handler(deleteEvent(physicalId, properties(id, 'V3_0', PRE_AUTH, 'true')), CONTEXT)

    expect(responses.at(-1)).toEqual({ status: 'SUCCESS', physicalResourceId: physicalId })
    const after = await describePool(id)
    expect(after.LambdaConfig).toEqual(THEIRS)
    expect(settingsOf(after)).toEqual(settingsOf(untouched))
  })

  it('restores only the triggers that still point at its functions on delete', async () => {
    const id = await poolWithTheirTriggers('foreign-partly-taken')
    await handler(createEvent(properties(id, 'V2_0', PRE_AUTH, 'true')), CONTEXT)
    const physicalId = responses.at(-1)?.physicalResourceId ?? ''
    const someoneElse = arn('other-pre-authentication')
    await setTriggers(id, { PreAuthentication: someoneElse })

    await handler(deleteEvent(physicalId, properties(id, 'V2_0', PRE_AUTH, 'true')), CONTEXT)

    expect((await describePool(id)).LambdaConfig).toEqual({
      ...THEIRS,
      PreAuthentication: someoneElse,
    })
  })

  it('refuses on update a trigger pointed elsewhere since the attach, even when replacing is allowed', async () => {
    const id = await createPool('foreign-since')
    await handler(createEvent(properties(id)), CONTEXT)
    await setTriggers(id, { PreAuthentication: THEIR_PRE_AUTH })
    const before = await describePool(id)

    await handler(
      updateEvent(id, properties(id, 'V3_0', PRE_AUTH, 'true'), properties(id)),
      CONTEXT,
    )

    expect(responses.at(-1)).toMatchObject({ physicalResourceId: id })
    expect(lastFailure()).toMatch(
      /^ForeignTriggersError: triggers of the user pool \S+ were pointed at functions not of this stack after it attached: PreAuthentication arn:\S+acme-pre-authentication\./,
    )
    expect(await describePool(id)).toEqual(before)
  })

  it('lets two stages share a pool only when the second may replace, and hands it back on remove', async () => {
    const id = await createPool('two-stages')
    const dev = stageProperties('dev', id)
    await handler(createEvent(dev), CONTEXT)
    const devId = responses.at(-1)?.physicalResourceId ?? ''
    expect(devId).toBe(id)
    const devTriggers = (await describePool(id)).LambdaConfig

    await handler(createEvent(stageProperties('staging', id)), CONTEXT)
    expect(lastFailure()).toContain(`PreAuthentication ${arn('claimsmith-dev-pre-authentication')}`)
    expect((await describePool(id)).LambdaConfig).toEqual(devTriggers)

    const staging = stageProperties('staging', id, 'true')
    await handler(createEvent(staging), CONTEXT)
    const stagingId = responses.at(-1)?.physicalResourceId ?? ''
    expect(stagingId).toMatch(/ replaced \{/)
    expect((await describePool(id)).LambdaConfig?.PreAuthentication).toBe(
      arn('claimsmith-staging-pre-authentication'),
    )

    await handler(deleteEvent(stagingId, staging), CONTEXT)
    expect((await describePool(id)).LambdaConfig).toEqual(devTriggers)

    await handler(deleteEvent(devId, dev), CONTEXT)
    expect((await describePool(id)).LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
  })
})
