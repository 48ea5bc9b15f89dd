import { isDeepStrictEqual } from 'node:util'
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  type LambdaConfigType,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { toUpdateUserPoolInput } from './user-pool-update-input.js'

/**
 * Reads the pool's configuration, passes its Lambda configuration to `change`
 * and writes the result back with every other updatable setting unchanged.
 * Sends no update when `change` leaves the triggers as they are, and none when
 * it throws (the error is passed on). Resolves to whether the pool was updated.
 *
 * Read-modify-write: two writers on the same pool at the same time can lose
 * one another's change, as with any UpdateUserPool caller.
 *
 * @example
 * await replaceUserPoolTriggers(cognito, 'eu-west-1_AbCdEf123', (current) =>
 *   withTriggers(current, { PreAuthentication: preAuthenticationArn }),
 * )
 */
export async function replaceUserPoolTriggers(
  cognito: Pick<CognitoIdentityProviderClient, 'send'>,
  userPoolId: string,
  change: (current: LambdaConfigType) => LambdaConfigType,
): Promise<boolean> {
  const { UserPool: pool } = await cognito.send(
    new DescribeUserPoolCommand({ UserPoolId: userPoolId }),
  )
  if (pool === undefined) throw new Error(`DescribeUserPool returned no pool for ${userPoolId}`)
  const current = pool.LambdaConfig ?? {}
  const wanted = change(structuredClone(current))
  if (isDeepStrictEqual(wanted, current)) return false
  await cognito.send(new UpdateUserPoolCommand(toUpdateUserPoolInput(pool, wanted)))
  return true
}
