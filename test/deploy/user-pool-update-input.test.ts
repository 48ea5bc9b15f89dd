import {
  type LambdaConfigType,
  UpdateUserPoolRequest$,
  type UserPoolType,
  UserPoolType$,
} from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  toUpdateUserPoolInput,
  type UpdateMembersWithoutSource,
  USER_POOL_MEMBER_TARGETS,
} from '../../lib/deploy/user-pool-update-input.js'
import { DESCRIBED_USER_POOL } from './fixtures/described-user-pool.js'

/** The member names of an SDK structure schema: [kind, namespace, name, traits, members, ...]. */
function memberNames(schema: unknown): string[] {
  const members = (schema as unknown[])[4]
  if (!Array.isArray(members)) throw new Error('unexpected SDK schema shape')
  return members as string[]
}

const UPDATE_MEMBERS = memberNames(UpdateUserPoolRequest$)
const DESCRIBE_MEMBERS = memberNames(UserPoolType$)
const TARGETS: Record<string, string | null> = USER_POOL_MEMBER_TARGETS

const READ_ONLY = [
  'Status',
  'LastModifiedDate',
  'CreationDate',
  'SchemaAttributes',
  'AliasAttributes',
  'UsernameAttributes',
  'EstimatedNumberOfUsers',
  'SmsConfigurationFailure',
  'EmailConfigurationFailure',
  'Domain',
  'CustomDomain',
  'UsernameConfiguration',
  'Arn',
]

const NEW_LAMBDA_CONFIG: LambdaConfigType = {
  PreAuthentication:
    'arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-pre-authentication',
}

function pool(): UserPoolType {
  return structuredClone(DESCRIBED_USER_POOL)
}

describe('the member mapping, against the installed SDK', () => {
  it('places every member DescribeUserPool returns', () => {
    expect(Object.keys(USER_POOL_MEMBER_TARGETS).sort()).toEqual([...DESCRIBE_MEMBERS].sort())
  })

  it('gives every UpdateUserPool member a source', () => {
    const targets = new Set(Object.values(USER_POOL_MEMBER_TARGETS))
    expect(UPDATE_MEMBERS.filter((member) => !targets.has(member as never))).toEqual([])
    expectTypeOf<UpdateMembersWithoutSource>().toBeNever()
  })

  it('treats as read-only exactly the members UpdateUserPool does not take', () => {
    const readOnly = DESCRIBE_MEMBERS.filter((member) => TARGETS[member] === null)
    expect(readOnly.sort()).toEqual([...READ_ONLY].sort())
    for (const member of readOnly) expect(UPDATE_MEMBERS).not.toContain(member)
  })

  it('uses the fixture with every member set', () => {
    expect(Object.keys(DESCRIBED_USER_POOL).sort()).toEqual([...DESCRIBE_MEMBERS].sort())
  })
})

describe('toUpdateUserPoolInput', () => {
  const input = toUpdateUserPoolInput(pool(), NEW_LAMBDA_CONFIG)

  it('sends every UpdateUserPool member, and nothing else', () => {
    expect(Object.keys(input).sort()).toEqual([...UPDATE_MEMBERS].sort())
  })

  it.each(
    Object.entries(USER_POOL_MEMBER_TARGETS).filter(
      ([from, to]) =>
        to !== null && !['LambdaConfig', 'AdminCreateUserConfig', 'Policies'].includes(from),
    ),
  )('carries %s over unchanged as %s', (from, to) => {
    expect(input[to as keyof typeof input]).toEqual(DESCRIBED_USER_POOL[from as keyof UserPoolType])
  })

  it('sends the pool id and name under their UpdateUserPool names', () => {
    expect(input.UserPoolId).toBe('eu-west-1_AbCdEf123')
    expect(input.PoolName).toBe('acme-customers')
  })

  it('replaces the Lambda configuration with the one given', () => {
    expect(input.LambdaConfig).toEqual(NEW_LAMBDA_CONFIG)
  })

  it('keeps the password and sign-in policies', () => {
    expect(input.Policies).toEqual(DESCRIBED_USER_POOL.Policies)
  })

  it('keeps the admin-create-user settings without the deprecated UnusedAccountValidityDays', () => {
    const { UnusedAccountValidityDays: _, ...expected } = DESCRIBED_USER_POOL.AdminCreateUserConfig
    expect(input.AdminCreateUserConfig).toEqual(expected)
  })

  it('moves UnusedAccountValidityDays to TemporaryPasswordValidityDays only when that is missing', () => {
    const legacy = pool()
    delete legacy.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays
    legacy.AdminCreateUserConfig = { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 9 }
    const result = toUpdateUserPoolInput(legacy, {})
    expect(result.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays).toBe(9)
    expect(result.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: false })

    const both = pool()
    both.AdminCreateUserConfig = { UnusedAccountValidityDays: 9 }
    expect(
      toUpdateUserPoolInput(both, {}).Policies?.PasswordPolicy?.TemporaryPasswordValidityDays,
    ).toBe(3)
  })

  it('sends only the id and Lambda configuration for a pool that returned nothing else', () => {
    expect(toUpdateUserPoolInput({ Id: 'eu-west-1_Bare1' }, NEW_LAMBDA_CONFIG)).toEqual({
      UserPoolId: 'eu-west-1_Bare1',
      LambdaConfig: NEW_LAMBDA_CONFIG,
    })
  })

  it('copies values: changing the input afterwards does not change the pool, nor the reverse', () => {
    const source = pool()
    const result = toUpdateUserPoolInput(source, NEW_LAMBDA_CONFIG)
    if (result.Policies?.PasswordPolicy) result.Policies.PasswordPolicy.MinimumLength = 6
    if (result.LambdaConfig) result.LambdaConfig.PreSignUp = 'changed'
    expect(source).toEqual(DESCRIBED_USER_POOL)
    expect(NEW_LAMBDA_CONFIG.PreSignUp).toBeUndefined()
  })

  it('refuses a pool without an id', () => {
    expect(() => toUpdateUserPoolInput({ Name: 'x' }, {})).toThrow(TypeError)
  })
})
