import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'

/** Settings for `createLocalUserPool`. */
export interface CreateLocalUserPoolOptions {
  /** A client for the local Cognito (cognito-local). */
  readonly cognito: CognitoIdentityProviderClient
  readonly poolName: string
  /** One app client is made per entry, named after it (the configuration file's client ids). */
  readonly clientNames: readonly string[]
  /** The users to create, with the sub each must have. */
  readonly users: readonly { readonly sub: string; readonly active: boolean }[]
  /** Every user's permanent password. */
  readonly password: string
}

/** A sign-in user of the local pool. */
export interface LocalUser {
  /** The user name to sign in with. */
  readonly email: string
  readonly sub: string
  /** Whether the claims store lets the user have tokens. */
  readonly active: boolean
}

/** What `createLocalUserPool` made. */
export interface LocalUserPool {
  readonly userPoolId: string
  /** The app client id of each name in `clientNames`. */
  readonly clientIds: ReadonlyMap<string, string>
  readonly users: readonly LocalUser[]
}

/**
 * Creates a user pool (email as the user name), one app client per name
 * (USER_PASSWORD_AUTH and refresh allowed), and a confirmed user per entry
 * with a permanent password, named user1@example.com, user2@example.com, …
 * Each user gets the `sub` it is given: cognito-local 5.3.0 keeps a `sub`
 * passed to AdminCreateUser, which Cognito itself refuses (it always makes
 * the sub), so the example file's users and their claims line up without
 * rewriting the file.
 *
 * @example
 * const pool = await createLocalUserPool({ cognito, poolName: 'claimsmith-local', clientNames: ['web'], users, password })
 */
export async function createLocalUserPool(
  options: CreateLocalUserPoolOptions,
): Promise<LocalUserPool> {
  const { cognito, password } = options
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({ PoolName: options.poolName, UsernameAttributes: ['email'] }),
  )
  const userPoolId = UserPool?.Id
  if (userPoolId === undefined) throw new Error('the local Cognito made a pool without an id')

  const clientIds = new Map<string, string>()
  for (const name of options.clientNames) {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: name,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    const clientId = UserPoolClient?.ClientId
    if (clientId === undefined)
      throw new Error('the local Cognito made an app client without an id')
    clientIds.set(name, clientId)
  }

  const users: LocalUser[] = []
  for (const [index, user] of options.users.entries()) {
    const email = `user${index + 1}@example.com`
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'sub', Value: user.sub },
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    )
    users.push({ email, sub: user.sub, active: user.active })
  }
  return { userPoolId, clientIds, users }
}
