import type {
  LambdaConfigType,
  UpdateUserPoolCommandInput,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider'

type UpdateMember = keyof UpdateUserPoolCommandInput

/**
 * Where each member of DescribeUserPool's `UserPoolType` goes in an
 * UpdateUserPool request; `null` marks what UpdateUserPool cannot change.
 * Every member of `UserPoolType` is listed (the compiler checks it), and a type
 * test checks that every UpdateUserPool member has a source here, so a member
 * added to either shape by a newer SDK fails the checks until it is placed.
 */
export const USER_POOL_MEMBER_TARGETS = {
  Id: 'UserPoolId',
  Name: 'PoolName',
  Policies: 'Policies',
  DeletionProtection: 'DeletionProtection',
  LambdaConfig: 'LambdaConfig',
  Status: null,
  LastModifiedDate: null,
  CreationDate: null,
  SchemaAttributes: null,
  AutoVerifiedAttributes: 'AutoVerifiedAttributes',
  AliasAttributes: null,
  UsernameAttributes: null,
  SmsVerificationMessage: 'SmsVerificationMessage',
  EmailVerificationMessage: 'EmailVerificationMessage',
  EmailVerificationSubject: 'EmailVerificationSubject',
  VerificationMessageTemplate: 'VerificationMessageTemplate',
  SmsAuthenticationMessage: 'SmsAuthenticationMessage',
  UserAttributeUpdateSettings: 'UserAttributeUpdateSettings',
  MfaConfiguration: 'MfaConfiguration',
  DeviceConfiguration: 'DeviceConfiguration',
  EstimatedNumberOfUsers: null,
  EmailConfiguration: 'EmailConfiguration',
  SmsConfiguration: 'SmsConfiguration',
  UserPoolTags: 'UserPoolTags',
  SmsConfigurationFailure: null,
  EmailConfigurationFailure: null,
  Domain: null,
  CustomDomain: null,
  AdminCreateUserConfig: 'AdminCreateUserConfig',
  UserPoolAddOns: 'UserPoolAddOns',
  UsernameConfiguration: null,
  Arn: null,
  AccountRecoverySetting: 'AccountRecoverySetting',
  UserPoolTier: 'UserPoolTier',
  KeyConfiguration: 'KeyConfiguration',
  IssuerConfiguration: 'IssuerConfiguration',
  AcrConfiguration: 'AcrConfiguration',
} as const satisfies { readonly [K in keyof Required<UserPoolType>]: UpdateMember | null }

type Targeted = NonNullable<
  (typeof USER_POOL_MEMBER_TARGETS)[keyof typeof USER_POOL_MEMBER_TARGETS]
>

/** UpdateUserPool members with no source in DescribeUserPool's result: `never`, checked by a type test. */
export type UpdateMembersWithoutSource = Exclude<UpdateMember, Targeted>

/**
 * The UpdateUserPool request that leaves `pool` exactly as DescribeUserPool
 * returned it except for its Lambda configuration, which becomes
 * `lambdaConfig`. UpdateUserPool resets every setting it is not given, so
 * every updatable setting is sent back.
 *
 * One setting is rewritten rather than copied: Cognito rejects the deprecated
 * `AdminCreateUserConfig.UnusedAccountValidityDays` (which DescribeUserPool
 * may still return) and wants `Policies.PasswordPolicy.TemporaryPasswordValidityDays`,
 * so the former only fills the latter when the latter is missing.
 *
 * @example
 * const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId }))
 * await cognito.send(new UpdateUserPoolCommand(
 *   toUpdateUserPoolInput(UserPool, withTriggers(UserPool.LambdaConfig, triggers)),
 * ))
 */
export function toUpdateUserPoolInput(
  pool: UserPoolType,
  lambdaConfig: LambdaConfigType,
): UpdateUserPoolCommandInput {
  if (typeof pool.Id !== 'string' || pool.Id === '') {
    throw new TypeError('toUpdateUserPoolInput: the user pool has no Id')
  }
  const input: Record<string, unknown> = {}
  for (const [member, target] of Object.entries(USER_POOL_MEMBER_TARGETS)) {
    const value = pool[member as keyof UserPoolType]
    if (target !== null && value !== undefined) input[target] = structuredClone(value)
  }
  const update = input as unknown as UpdateUserPoolCommandInput
  update.LambdaConfig = structuredClone(lambdaConfig)

  const unusedDays = update.AdminCreateUserConfig?.UnusedAccountValidityDays
  if (update.AdminCreateUserConfig !== undefined) {
    delete update.AdminCreateUserConfig.UnusedAccountValidityDays
  }
  const passwordPolicy = update.Policies?.PasswordPolicy
  if (
    unusedDays !== undefined &&
    passwordPolicy !== undefined &&
    passwordPolicy.TemporaryPasswordValidityDays === undefined
  ) {
    passwordPolicy.TemporaryPasswordValidityDays = unusedDays
  }
  return update
}
