import {
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CliError } from './cli-error.js'

/** What `signOutCognitoUser` needs. */
export interface SignOutCognitoUserRequest {
  readonly client: CognitoIdentityProviderClient
  readonly userPoolId: string
  readonly sub: string
  readonly signal?: AbortSignal | undefined
}

// A Cognito sub is a UUID; anything with a quote or a backslash would change the filter's meaning.
const FILTERABLE = /^[^"\\]+$/

/**
 * Signs the user with `sub` out of Cognito (AdminUserGlobalSignOut), which
 * revokes its refresh tokens, so the app cannot get new tokens. The username
 * the call needs is looked up by sub (ListUsers with the filter
 * `sub = "<sub>"`). Resolves to that username; a user the pool does not have
 * is `CliError` USER_NOT_IN_POOL.
 *
 * @example
 * const username = await signOutCognitoUser({ client, userPoolId: 'eu-west-1_AbC123', sub })
 */
export async function signOutCognitoUser(request: SignOutCognitoUserRequest): Promise<string> {
  const { client, userPoolId, sub, signal } = request
  if (!FILTERABLE.test(sub)) {
    throw new CliError(
      'USER_NOT_IN_POOL',
      `no user of ${userPoolId} can have the sub ${JSON.stringify(sub)}`,
    )
  }
  const options = signal === undefined ? {} : { abortSignal: signal }
  const { Users } = await client.send(
    new ListUsersCommand({ UserPoolId: userPoolId, Filter: `sub = "${sub}"`, Limit: 1 }),
    options,
  )
  const username = Users?.[0]?.Username
  if (username === undefined) {
    throw new CliError('USER_NOT_IN_POOL', `user pool ${userPoolId} has no user with sub ${sub}`)
  }
  await client.send(
    new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }),
    options,
  )
  return username
}
