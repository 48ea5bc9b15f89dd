import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AttachTriggersHandler,
  createAttachTriggersHandler,
} from '../../lib/deploy/attach-triggers-handler.js'
import type { CustomResourceOutcome } from '../../lib/deploy/cloudformation-response.js'
import { silentLogger } from '../../lib/observability/index.js'
import { CUSTOM_RESOURCE_CONTEXT, customResourceEvents } from './support/custom-resource-events.js'
import { type AwsAccountContext, roleAuthorizer } from './support/iam-policy.js'
import {
  createServicePackager,
  PACKAGE_REGION,
  type ServicePackager,
  type Template,
} from './support/package-service.js'
import { type FakeCognito, startFakeCognito } from './support/start-fake-cognito.js'

// The attach-triggers custom resource against a fake Cognito that enforces the
// role's policy as packaged: what happens when CloudFormation changes the pool
// of a deployed stack, step by step, with the role it has at each step.

const ACCOUNT: AwsAccountContext = {
  partition: 'aws',
  region: PACKAGE_REGION,
  accountId: '123456789012',
}
const OLD_POOL = `${PACKAGE_REGION}_OldPool1`
const NEW_POOL = `${PACKAGE_REGION}_NewPool2`
const THEIR_PRE_SIGN_UP = 'arn:aws:lambda:eu-west-1:123456789012:function:acme-pre-sign-up'

function pool(id: string): UserPoolType {
  return {
    Id: id,
    Name: id,
    Arn: `arn:aws:cognito-idp:${ACCOUNT.region}:${ACCOUNT.accountId}:userpool/${id}`,
    MfaConfiguration: 'OPTIONAL',
    Policies: { PasswordPolicy: { MinimumLength: 14, TemporaryPasswordValidityDays: 3 } },
    DeletionProtection: 'ACTIVE',
    LambdaConfig: { PreSignUp: THEIR_PRE_SIGN_UP },
  }
}

let packager: ServicePackager
let oldTemplate: Template
let newTemplate: Template
let cognito: FakeCognito
let client: CognitoIdentityProviderClient
let handler: AttachTriggersHandler
const responses: CustomResourceOutcome[] = []

/** The custom resource's properties as CloudFormation resolves them from the template. */
function resolvedProperties(template: Template): Record<string, unknown> {
  const functionArn = (logicalId: string) => {
    const name = template.Resources[logicalId]?.Properties.FunctionName as string
    return `arn:aws:lambda:${ACCOUNT.region}:${ACCOUNT.accountId}:function:${name}`
  }
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve)
    if (value === null || typeof value !== 'object') return String(value)
    const record = value as Record<string, unknown>
    const getAtt = record['Fn::GetAtt'] as [string, string] | undefined
    if (getAtt !== undefined) return functionArn(getAtt[0])
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolve(v)]))
  }
  return resolve(template.Resources.UserPoolTriggers?.Properties) as Record<string, unknown>
}

const EVENTS = customResourceEvents(
  `arn:aws:lambda:${ACCOUNT.region}:${ACCOUNT.accountId}:function:claimsmith-dev-attach-triggers`,
  ACCOUNT.region,
)

async function create(template: Template) {
  await handler(EVENTS.create(resolvedProperties(template)), CUSTOM_RESOURCE_CONTEXT)
  return responses.at(-1)
}

async function update(physicalId: string, template: Template, old: Template) {
  const event = EVENTS.update(physicalId, resolvedProperties(template), resolvedProperties(old))
  await handler(event, CUSTOM_RESOURCE_CONTEXT)
  return responses.at(-1)
}

async function remove(physicalId: string, template: Template) {
  await handler(EVENTS.delete(physicalId, resolvedProperties(template)), CUSTOM_RESOURCE_CONTEXT)
  return responses.at(-1)
}

/** The role as CloudFormation has it after deploying `template`. */
const roleOf = (template: Template) => roleAuthorizer(template, 'AttachTriggersRole', ACCOUNT)

beforeAll(async () => {
  packager = await createServicePackager()
  const [old, next] = await Promise.all([
    packager.package('dev', { userPoolId: OLD_POOL }),
    packager.package('dev', { userPoolId: NEW_POOL }),
  ])
  oldTemplate = old.template
  newTemplate = next.template
  cognito = await startFakeCognito(ACCOUNT, [pool(OLD_POOL), pool(NEW_POOL)], roleOf(oldTemplate))
  client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: ACCOUNT.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  handler = createAttachTriggersHandler({
    cognito: client,
    region: ACCOUNT.region,
    logger: silentLogger,
    respond: async (_event, outcome) => {
      responses.push(outcome)
    },
  })
}, 120_000)

afterAll(async () => {
  client?.destroy()
  await cognito?.stop()
  await packager?.close()
})

describe('the fake Cognito', () => {
  it('refuses a pool the packaged role does not name, as IAM does, and serves the one it names', async () => {
    cognito.authorize = roleOf(newTemplate)
    const refused = await client.send(new DescribeUserPoolCommand({ UserPoolId: OLD_POOL })).then(
      () => undefined,
      (error: Error) => error,
    )
    expect(refused?.name).toBe('AccessDeniedException')
    expect(refused?.message).toContain(
      `not authorized to perform: cognito-idp:DescribeUserPool on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${OLD_POOL}`,
    )
    const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: NEW_POOL }))
    expect(UserPool?.Id).toBe(NEW_POOL)
  })

  it('reads the role from the template: no statement for an action, no access', () => {
    const authorize = roleOf(oldTemplate)
    const arn = `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${OLD_POOL}`
    expect(authorize('cognito-idp:UpdateUserPool', arn)).toBe(true)
    expect(authorize('cognito-idp:DeleteUserPool', arn)).toBe(false)
    expect(authorize('cognito-idp:UpdateUserPool', `${arn}2`)).toBe(false)
  })
})

describe('changing userPoolId on a deployed stack, with the role CloudFormation gives each step', () => {
  it('refuses the update before any call, lets the rollback pass, and the old pool keeps working triggers', async () => {
    cognito.authorize = roleOf(oldTemplate)
    const created = await create(oldTemplate)
    expect(created).toEqual({ status: 'SUCCESS', physicalResourceId: OLD_POOL })
    const attached = cognito.pool(OLD_POOL)
    expect(attached?.LambdaConfig?.PreAuthentication).toMatch(/claimsmith-dev-pre-authentication$/)
    const untouchedNew = cognito.pool(NEW_POOL)

    // CloudFormation updates the role (now scoped to the new pool) before the custom resource.
    cognito.authorize = roleOf(newTemplate)
    cognito.calls.length = 0
    const refused = await update(OLD_POOL, newTemplate, oldTemplate)
    expect(refused).toMatchObject({ status: 'FAILED', physicalResourceId: OLD_POOL })
    expect(refused?.status === 'FAILED' && refused.reason).toBe(
      `UserPoolChangedError: userPoolId changed from ${OLD_POOL} to ${NEW_POOL}, and a stack stays attached to the pool it was created with. ` +
        `Nothing was changed and the stack rolls back. Remove the stack first (osls remove with userPoolId=${OLD_POOL}), ` +
        `then deploy it with userPoolId=${NEW_POOL}, or deploy the new pool as another stage.`,
    )
    expect(cognito.calls).toEqual([])
    expect(cognito.pool(OLD_POOL)).toEqual(attached)
    expect(cognito.pool(NEW_POOL)).toEqual(untouchedNew)

    // The rollback may reach the custom resource before the role is rolled back.
    const rolledBack = await update(OLD_POOL, oldTemplate, newTemplate)
    expect(rolledBack).toEqual({ status: 'SUCCESS', physicalResourceId: OLD_POOL })
    expect(cognito.calls).toEqual([])
    expect(cognito.pool(OLD_POOL)).toEqual(attached)

    // Later, `osls remove` with the old pool, under the old role: detached cleanly.
    cognito.authorize = roleOf(oldTemplate)
    expect(await remove(OLD_POOL, oldTemplate)).toEqual({
      status: 'SUCCESS',
      physicalResourceId: OLD_POOL,
    })
    expect(cognito.pool(OLD_POOL)?.LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
    expect(cognito.pool(OLD_POOL)?.MfaConfiguration).toBe('OPTIONAL')
  })

  it('never reports a delete it was refused as done: AccessDenied is not "pool not found"', async () => {
    cognito.authorize = roleOf(oldTemplate)
    await create(oldTemplate)
    const attached = cognito.pool(OLD_POOL)

    // What the clean-up delete of the old pool would meet, had the update gone ahead.
    cognito.authorize = roleOf(newTemplate)
    const outcome = await remove(OLD_POOL, oldTemplate)

    expect(outcome).toMatchObject({ status: 'FAILED', physicalResourceId: OLD_POOL })
    expect(outcome?.status === 'FAILED' && outcome.reason).toMatch(/^AccessDeniedException: /)
    expect(cognito.pool(OLD_POOL)).toEqual(attached)

    cognito.authorize = roleOf(oldTemplate)
    await remove(OLD_POOL, oldTemplate)
    expect(cognito.pool(OLD_POOL)?.LambdaConfig).toEqual({ PreSignUp: THEIR_PRE_SIGN_UP })
  })
})
