import { isDeepStrictEqual } from 'node:util'
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { type LambdaTriggers, withoutTriggers, withTriggers } from './lambda-triggers.js'
import { toUpdateUserPoolInput } from './user-pool-update-input.js'

export interface ReplaceUserPoolTriggersInput {
  readonly userPoolId: string
  /** Triggers to take off, each only while it still points at the same function. */
  readonly remove?: LambdaTriggers
  /** Triggers to set, after `remove`. */
  readonly add?: LambdaTriggers
}

/**
 * Reads the pool's configuration, changes its Lambda triggers and writes every
 * other updatable setting back unchanged. Sends no update when the triggers
 * are already as wanted. Resolves to whether the pool was updated.
 *
 * Read-modify-write: two writers on the same pool at the same time can lose
 * one another's change, as with any UpdateUserPool caller.
 *
 * @example
 * await replaceUserPoolTriggers(cognito, {
 *   userPoolId: 'eu-west-1_AbCdEf123',
 *   add: { PreAuthentication: preAuthenticationArn },
 * })
 */
export async function replaceUserPoolTriggers(
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  { userPoolId, remove = {}, add = {} }: ReplaceUserPoolTriggersInput,
): Promise<boolean> {
  const { UserPool: pool } = await cognito.send(
    new DescribeUserPoolCommand({ UserPoolId: userPoolId }),
  )
  if (pool === undefined) throw new Error(`DescribeUserPool returned no pool for ${userPoolId}`)
  const current = pool.LambdaConfig ?? {}
  const wanted = withTriggers(withoutTriggers(current, remove), add)
  if (isDeepStrictEqual(wanted, current)) return false
  await cognito.send(new UpdateUserPoolCommand(toUpdateUserPoolInput(pool, wanted)))
  return true
}
