import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose'
import { CLI_DYNAMODB_CLIENT_SETTINGS } from '../cli/command-context.js'
import { main } from '../cli/main.js'
import { createDynamoDbClient } from '../dynamodb/index.js'
import type { LocalUser } from './create-local-user-pool.js'
import { issueLocalAccessToken, type LocalAccessToken } from './issue-local-access-token.js'
import { LOCAL_CREDENTIALS } from './local-aws.js'

/** Settings for `runLocalDemo`. */
export interface LocalDemoOptions {
  readonly cognito: CognitoIdentityProviderClient
  readonly clientId: string
  /** The scopes managed login grants that app client (its allowed scopes). */
  readonly scopes: readonly string[]
  readonly issuer: string
  readonly jwksUrl: string
  readonly userinfoUrl: string
  readonly password: string
  /** Signed in; its ID token and userinfo answer are shown. */
  readonly activeUser: LocalUser
  /** Signed in too, to show the refusal. */
  readonly inactiveUser?: LocalUser | undefined
  /**
   * A version 2 event for the active user and the Lambda Invoke API endpoint to
   * send it to: cognito-local sends only version 1 events, so this shows the
   * typed claims of both tokens as Cognito's V2_0 trigger would get them.
   */
  readonly versionTwo?: { readonly lambdaEndpoint: string; readonly event: unknown } | undefined
  /**
   * Introspection, then sign-out: the endpoint, a resource server's own
   * token carrying the introspection scope, and the table the claimsmith CLI
   * signs the active user out in.
   */
  readonly introspection?: LocalIntrospectionDemo | undefined
  /**
   * Gets each part of the demo as it runs, its heading before the step, so a
   * function's log line (a refusal) shows under the heading that explains it.
   */
  readonly log: (text: string) => void
}

/** What the introspection part of the demo needs. */
export interface LocalIntrospectionDemo {
  /** The introspection endpoint, e.g. `http://127.0.0.1:9231/introspect`. */
  readonly url: string
  /** The resource server calling it: its id in the configuration file, cognito-local's, its token. */
  readonly caller: {
    readonly name: string
    readonly clientId: string
    readonly token: LocalAccessToken
  }
  /** Where `claimsmith users sign-out` runs. */
  readonly table: {
    readonly tableName: string
    readonly endpoint: string
    readonly region: string
  }
}

/** What userinfo (or introspection) answered. */
export interface LocalUserInfoAnswer {
  readonly status: number
  readonly body: unknown
  readonly wwwAuthenticate: string | null
}

/** What the demo saw. */
export interface LocalDemoResult {
  readonly user: LocalUser
  /** The ID token's claims that the trigger added (cognito-local's own left out). */
  readonly enrichedClaims: Readonly<Record<string, unknown>>
  /** The access token's `token_use` and `scope`, as cognito-local issued it. */
  readonly accessToken: { readonly tokenUse: unknown; readonly scope: unknown }
  /** userinfo's answer to cognito-local's own access token. */
  readonly cognitoLocalUserinfo: LocalUserInfoAnswer
  /** The access token with the scopes of a managed-login sign-in (`issueLocalAccessToken`). */
  readonly managedLoginToken: LocalAccessToken
  /** userinfo's answer to that token. */
  readonly userinfo: LocalUserInfoAnswer
  /** The error the inactive user's sign-in got, when there was one to try. */
  readonly inactiveRefusal?: { readonly user: LocalUser; readonly message: string } | undefined
  /** What pre-token-generation answered to the version 2 event, when one was given. */
  readonly versionTwo?:
    | { readonly scopes: unknown; readonly idToken: unknown; readonly accessToken: unknown }
    | undefined
  /** Introspection of the managed-login token before and after `users sign-out`, when shown. */
  readonly introspection?:
    | {
        readonly beforeSignOut: LocalUserInfoAnswer
        /** The command as printed, without `claimsmith`, its exit code and what it printed. */
        readonly signOut: {
          readonly args: readonly string[]
          readonly code: number
          readonly output: string
        }
        /** When the command returned: the sign-out time is at or before it. */
        readonly signedOutAtMs: number
        readonly afterSignOut: LocalUserInfoAnswer
        /** userinfo's answer to the same token after the sign-out. */
        readonly userinfoAfterSignOut: LocalUserInfoAnswer
      }
    | undefined
}

async function invokeVersionTwo(
  versionTwo: NonNullable<LocalDemoOptions['versionTwo']>,
): Promise<LocalDemoResult['versionTwo']> {
  const response = await fetch(
    `${versionTwo.lambdaEndpoint}/2015-03-31/functions/pre-token-generation/invocations`,
    { method: 'POST', body: JSON.stringify(versionTwo.event) },
  )
  const body = (await response.json()) as {
    request?: { scopes?: unknown }
    response?: {
      claimsAndScopeOverrideDetails?: {
        idTokenGeneration?: { claimsToAddOrOverride?: unknown }
        accessTokenGeneration?: { claimsToAddOrOverride?: unknown }
      }
    }
    errorMessage?: unknown
  }
  if (response.headers.get('x-amz-function-error') !== null) {
    throw new Error(`pre-token-generation failed: ${String(body.errorMessage)}`)
  }
  const details = body.response?.claimsAndScopeOverrideDetails
  return {
    scopes: body.request?.scopes,
    idToken: details?.idTokenGeneration?.claimsToAddOrOverride ?? {},
    accessToken: details?.accessTokenGeneration?.claimsToAddOrOverride ?? {},
  }
}

/** The claims cognito-local 5.3.0 puts in every ID token itself. */
const COGNITO_LOCAL_ID_TOKEN_CLAIMS = new Set([
  'cognito:username',
  'cognito:groups',
  'auth_time',
  'email',
  'email_verified',
  'event_id',
  'iat',
  'jti',
  'sub',
  'token_use',
  'exp',
  'aud',
  'iss',
])

/**
 * Signs `user` in through the local Cognito (USER_PASSWORD_AUTH), as the
 * local stack's examples do.
 *
 * @example
 * const { accessToken } = await signInLocally(cognito, clientId, user, password)
 */
export async function signInLocally(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  user: LocalUser,
  password: string,
): Promise<{ readonly idToken: string; readonly accessToken: string }> {
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.email, PASSWORD: password },
    }),
  )
  const idToken = AuthenticationResult?.IdToken
  const accessToken = AuthenticationResult?.AccessToken
  if (idToken === undefined || accessToken === undefined)
    throw new Error('the sign-in gave no tokens')
  return { idToken, accessToken }
}

async function callUserInfo(url: string, accessToken: string): Promise<LocalUserInfoAnswer> {
  return callEndpoint(url, { headers: { authorization: `Bearer ${accessToken}` } })
}

async function introspect(
  url: string,
  callerToken: string,
  token: string,
): Promise<LocalUserInfoAnswer> {
  return callEndpoint(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${callerToken}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  })
}

async function callEndpoint(url: string, init: RequestInit): Promise<LocalUserInfoAnswer> {
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown = text
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    // Not JSON: shown as text.
  }
  return {
    status: response.status,
    body,
    wwwAuthenticate: response.headers.get('www-authenticate'),
  }
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n')
}

function json(value: unknown, by = '    '): string {
  return indent(JSON.stringify(value, null, 2), by)
}

/**
 * Signs the active user in through the local Cognito and shows the claims
 * the trigger added to the verified ID token; sends the same user in a
 * version 2 event to the Invoke API; calls userinfo with cognito-local's
 * access token (refused: no `openid`) and with the token managed login
 * would have given (`issueLocalAccessToken`); with `introspection`,
 * introspects that token as a resource server, signs the user out with
 * `claimsmith users sign-out` and introspects it again (`{"active":false}`);
 * then tries to sign the inactive user in. Each part goes to `log` as it
 * runs, its heading first.
 *
 * @example
 * await runLocalDemo({ cognito, clientId, scopes, issuer, jwksUrl, userinfoUrl, password, activeUser, log: console.log })
 */
export async function runLocalDemo(options: LocalDemoOptions): Promise<LocalDemoResult> {
  const { log, activeUser } = options
  const tokens = await signInLocally(
    options.cognito,
    options.clientId,
    activeUser,
    options.password,
  )
  const { payload } = await jwtVerify(
    tokens.idToken,
    createRemoteJWKSet(new URL(options.jwksUrl)),
    { issuer: options.issuer, audience: options.clientId, algorithms: ['RS256'] },
  )
  const enrichedClaims = Object.fromEntries(
    Object.entries(payload as JWTPayload).filter(
      ([type]) => !COGNITO_LOCAL_ID_TOKEN_CLAIMS.has(type),
    ),
  )
  const access = decodeJwt(tokens.accessToken)
  log(
    [
      '',
      `Demo: ${activeUser.email} signs in (USER_PASSWORD_AUTH); pre-token-generation adds to the ID token:`,
      json(enrichedClaims),
      '  (cognito-local calls the trigger with version 1 events, so every value is text)',
    ].join('\n'),
  )

  let versionTwo: LocalDemoResult['versionTwo']
  if (options.versionTwo !== undefined) {
    versionTwo = await invokeVersionTwo(options.versionTwo)
    log(
      [
        '',
        `Demo: the same user in a V2_0 event (scopes ${JSON.stringify(versionTwo?.scopes)}), sent to the Invoke API:`,
        '  ID token gets:',
        json(versionTwo?.idToken, '      '),
        '  access token gets:',
        json(versionTwo?.accessToken, '      '),
        '  (typed values: what a V2_0 or V3_0 trigger on a real pool puts in both tokens)',
      ].join('\n'),
    )
  }

  log(
    [
      '',
      `Demo: GET userinfo with cognito-local's access token (scope "${String(access.scope)}"):`,
      '  userinfo requires the openid scope; cognito-local 5.3.0 puts only',
      '  aws.cognito.signin.user.admin in every access token, so it is refused:',
    ].join('\n'),
  )
  const cognitoLocalUserinfo = await callUserInfo(options.userinfoUrl, tokens.accessToken)
  log(
    `    -> ${cognitoLocalUserinfo.status} ${(cognitoLocalUserinfo.body as { error?: unknown } | null)?.error ?? ''}`.trimEnd(),
  )

  const managedLoginToken = await issueLocalAccessToken({
    accessToken: tokens.accessToken,
    issuer: options.issuer,
    jwksUrl: options.jwksUrl,
    clientId: options.clientId,
    scopes: options.scopes,
  })
  log(
    [
      '',
      `Demo: GET userinfo with the access token managed login would issue (scope "${managedLoginToken.scope}";`,
      "  the same sign-in's token with that scope, signed with cognito-local's key; see the README):",
    ].join('\n'),
  )
  const userinfo = await callUserInfo(options.userinfoUrl, managedLoginToken.token)
  log(`    -> ${userinfo.status}\n${json(userinfo.body)}`)
  if (userinfo.wwwAuthenticate !== null) log(`    WWW-Authenticate: ${userinfo.wwwAuthenticate}`)

  const introspection =
    options.introspection === undefined
      ? undefined
      : await demonstrateSignOut(options.introspection, activeUser, managedLoginToken, options)

  let inactiveRefusal: LocalDemoResult['inactiveRefusal']
  const inactiveUser = options.inactiveUser
  if (inactiveUser !== undefined) {
    log(
      [
        '',
        `Demo: ${inactiveUser.email} (inactive in DynamoDB) signs in; pre-token-generation refuses it,`,
        '  and logs the refusal as a warning:',
      ].join('\n'),
    )
    try {
      await signInLocally(options.cognito, options.clientId, inactiveUser, options.password)
      inactiveRefusal = { user: inactiveUser, message: '(signed in: no refusal)' }
    } catch (error) {
      inactiveRefusal = {
        user: inactiveUser,
        message: `${(error as Error).name}: ${(error as Error).message}`,
      }
    }
    log(`    -> refused: ${inactiveRefusal.message}`)
  }

  return {
    user: activeUser,
    enrichedClaims,
    versionTwo,
    accessToken: { tokenUse: access.token_use, scope: access.scope },
    cognitoLocalUserinfo,
    managedLoginToken,
    userinfo,
    introspection,
    inactiveRefusal,
  }
}

/**
 * Introspects the user's token as the resource server (active, with the
 * claims), signs the user out with `claimsmith users sign-out` on the local
 * table, and introspects the same token again (`{"active": false}`).
 */
async function demonstrateSignOut(
  demo: LocalIntrospectionDemo,
  user: LocalUser,
  token: LocalAccessToken,
  options: LocalDemoOptions,
): Promise<LocalDemoResult['introspection']> {
  const { log } = options
  const caller = demo.caller
  log(
    [
      '',
      `Demo: POST introspect with that same access token, as the resource server ${caller.name}`,
      `  (app client ${caller.clientId}; its own access token, made the same way, has scope`,
      `  "${caller.token.scope}"):`,
    ].join('\n'),
  )
  const beforeSignOut = await introspect(demo.url, caller.token.token, token.token)
  log(`    -> ${beforeSignOut.status}\n${json(beforeSignOut.body)}`)

  const args = [
    'users',
    'sign-out',
    '--sub',
    user.sub,
    '--table',
    demo.table.tableName,
    '--endpoint',
    demo.table.endpoint,
    '--region',
    demo.table.region,
  ]
  log(['', `Demo: ${user.email} is signed out with the claimsmith CLI:`].join('\n'))
  let output = ''
  const stream = {
    write: (chunk: string) => {
      output += chunk
      return true
    },
  }
  const code = await main(args, {
    stdout: stream,
    stderr: stream,
    // The local DynamoDB takes any credentials; these keep the SDK from looking for real ones.
    createDynamoDbClient: (clientOptions) =>
      createDynamoDbClient({
        ...CLI_DYNAMODB_CLIENT_SETTINGS,
        ...clientOptions,
        credentials: { ...LOCAL_CREDENTIALS },
      }),
  })
  const signedOutAtMs = Date.now()
  log(indent(`$ claimsmith ${args.join(' ')}\n${output.trimEnd()}`, '  '))
  if (code !== 0) throw new Error(`claimsmith users sign-out failed (exit code ${code})`)

  log(
    [
      '',
      'Demo: POST introspect with the same token again; it was issued before the sign-out:',
    ].join('\n'),
  )
  const afterSignOut = await introspect(demo.url, caller.token.token, token.token)
  log(`    -> ${afterSignOut.status} ${JSON.stringify(afterSignOut.body)}`)
  const userinfoAfterSignOut = await callUserInfo(options.userinfoUrl, token.token)
  log(
    `  and userinfo refuses it: -> ${userinfoAfterSignOut.status} ${(userinfoAfterSignOut.body as { error?: unknown } | null)?.error ?? ''}`.trimEnd(),
  )
  return {
    beforeSignOut,
    signOut: { args, code, output },
    signedOutAtMs,
    afterSignOut,
    userinfoAfterSignOut,
  }
}
