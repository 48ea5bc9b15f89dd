import {
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose'
import type { LocalUser } from './create-local-user-pool.js'

/** Settings for `runLocalDemo`. */
export interface LocalDemoOptions {
  readonly cognito: CognitoIdentityProviderClient
  readonly clientId: string
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
}

/** What the demo saw. */
export interface LocalDemoResult {
  readonly user: LocalUser
  /** The ID token's claims that the trigger added (cognito-local's own left out). */
  readonly enrichedClaims: Readonly<Record<string, unknown>>
  /** The access token's `token_use` and `scope`. */
  readonly accessToken: { readonly tokenUse: unknown; readonly scope: unknown }
  readonly userinfo: {
    readonly status: number
    readonly body: unknown
    readonly wwwAuthenticate: string | null
  }
  /** The error the inactive user's sign-in got, when there was one to try. */
  readonly inactiveRefusal?: { readonly user: LocalUser; readonly message: string } | undefined
  /** What pre-token-generation answered to the version 2 event, when one was given. */
  readonly versionTwo?:
    | { readonly scopes: unknown; readonly idToken: unknown; readonly accessToken: unknown }
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

async function signIn(options: LocalDemoOptions, user: LocalUser) {
  const { AuthenticationResult } = await options.cognito.send(
    new InitiateAuthCommand({
      ClientId: options.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.email, PASSWORD: options.password },
    }),
  )
  const idToken = AuthenticationResult?.IdToken
  const accessToken = AuthenticationResult?.AccessToken
  if (idToken === undefined || accessToken === undefined)
    throw new Error('the sign-in gave no tokens')
  return { idToken, accessToken }
}

/**
 * Signs the active user in through the local Cognito, verifies the ID token
 * against the pool's key set and keeps the claims the trigger added, calls
 * userinfo with the access token, and tries to sign the inactive user in.
 *
 * @example
 * console.log(formatLocalDemo(await runLocalDemo({ cognito, clientId, issuer, jwksUrl, userinfoUrl, password, activeUser })))
 */
export async function runLocalDemo(options: LocalDemoOptions): Promise<LocalDemoResult> {
  const tokens = await signIn(options, options.activeUser)
  const { payload } = await jwtVerify(
    tokens.idToken,
    createRemoteJWKSet(new URL(options.jwksUrl)),
    {
      issuer: options.issuer,
      audience: options.clientId,
      algorithms: ['RS256'],
    },
  )
  const enrichedClaims = Object.fromEntries(
    Object.entries(payload as JWTPayload).filter(
      ([type]) => !COGNITO_LOCAL_ID_TOKEN_CLAIMS.has(type),
    ),
  )
  const access = decodeJwt(tokens.accessToken)

  const response = await fetch(options.userinfoUrl, {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  })
  const text = await response.text()
  let body: unknown = text
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    // Not JSON: shown as text.
  }

  let inactiveRefusal: LocalDemoResult['inactiveRefusal']
  if (options.inactiveUser !== undefined) {
    try {
      await signIn(options, options.inactiveUser)
      inactiveRefusal = { user: options.inactiveUser, message: '(signed in: no refusal)' }
    } catch (error) {
      inactiveRefusal = {
        user: options.inactiveUser,
        message: `${(error as Error).name}: ${(error as Error).message}`,
      }
    }
  }

  const versionTwo =
    options.versionTwo === undefined ? undefined : await invokeVersionTwo(options.versionTwo)

  return {
    user: options.activeUser,
    enrichedClaims,
    versionTwo,
    accessToken: { tokenUse: access.token_use, scope: access.scope },
    userinfo: {
      status: response.status,
      body,
      wwwAuthenticate: response.headers.get('www-authenticate'),
    },
    inactiveRefusal,
  }
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n')
}

/**
 * The demo's result for the console.
 *
 * @example
 * console.log(formatLocalDemo(result))
 */
export function formatLocalDemo(result: LocalDemoResult): string {
  const lines = [
    `Demo: ${result.user.email} signs in (USER_PASSWORD_AUTH); pre-token-generation adds to the ID token:`,
    indent(JSON.stringify(result.enrichedClaims, null, 2)),
    `  (cognito-local calls the trigger with version 1 events, so every value is text and the`,
    `  access token stays as cognito-local makes it: token_use ${String(result.accessToken.tokenUse)}, scope "${String(result.accessToken.scope)}")`,
    '',
  ]
  if (result.versionTwo !== undefined) {
    lines.push(
      `Demo: the same user in a V2_0 event (scopes ${JSON.stringify(result.versionTwo.scopes)}), sent to the Invoke API:`,
      '  ID token gets:',
      indent(JSON.stringify(result.versionTwo.idToken, null, 2), '      '),
      '  access token gets:',
      indent(JSON.stringify(result.versionTwo.accessToken, null, 2), '      '),
      '  (typed values: what a V2_0 or V3_0 trigger on a real pool puts in both tokens)',
      '',
    )
  }
  lines.push(
    `Demo: GET userinfo with that access token -> ${result.userinfo.status}`,
    indent(JSON.stringify(result.userinfo.body, null, 2)),
  )
  if (result.userinfo.wwwAuthenticate !== null) {
    lines.push(`    WWW-Authenticate: ${result.userinfo.wwwAuthenticate}`)
  }
  if (result.userinfo.status === 403) {
    lines.push(
      '  (userinfo requires the openid scope. cognito-local 5.3.0 gives every access token the',
      '  scope aws.cognito.signin.user.admin only; so does Cognito for USER_PASSWORD_AUTH, and it',
      '  puts openid in access tokens from its authorization endpoint (managed login) instead.)',
    )
  }
  if (result.inactiveRefusal !== undefined) {
    lines.push(
      '',
      `Demo: ${result.inactiveRefusal.user.email} (inactive in DynamoDB) signs in -> refused:`,
      `    ${result.inactiveRefusal.message}`,
    )
  }
  return lines.join('\n')
}
