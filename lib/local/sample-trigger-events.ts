import type { LocalUser } from './create-local-user-pool.js'

/** Where the sample events are for: the pool, the app client and the region. */
export interface SampleEventSettings {
  readonly userPoolId: string
  readonly clientId: string
  readonly region: string
}

/** One sample event, by the file name it is written under. */
export interface SampleTriggerEvent {
  readonly fileName: string
  readonly functionName: string
  /** One line on what invoking it shows. */
  readonly description: string
  readonly event: Readonly<Record<string, unknown>>
}

function userAttributes(user: LocalUser): Record<string, string> {
  return {
    sub: user.sub,
    'cognito:user_status': 'CONFIRMED',
    email: user.email,
    email_verified: 'true',
  }
}

function common(settings: SampleEventSettings, user: LocalUser) {
  return {
    region: settings.region,
    userPoolId: settings.userPoolId,
    userName: user.sub,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: settings.clientId },
  }
}

/**
 * Events shaped as Cognito sends them, for what cognito-local cannot show:
 * a version 2 pre-token-generation event (typed claims, the access token,
 * requested scopes) and a pre-authentication event (cognito-local has no
 * such trigger), for the local stack to write out for `aws lambda invoke`.
 *
 * @example
 * const [v2] = sampleTriggerEvents(settings, user1, user2)
 * await writeFile(join(dir, v2.fileName), JSON.stringify(v2.event))
 */
export function sampleTriggerEvents(
  settings: SampleEventSettings,
  activeUser: LocalUser,
  inactiveUser: LocalUser | undefined,
): SampleTriggerEvent[] {
  const preAuthentication = (user: LocalUser) => ({
    version: '1',
    triggerSource: 'PreAuthentication_Authentication',
    ...common(settings, user),
    request: { userAttributes: userAttributes(user), validationData: {} },
    response: {},
  })
  const events: SampleTriggerEvent[] = [
    {
      fileName: 'pre-token-generation-v2.json',
      functionName: 'pre-token-generation',
      description: `a V2_0 sign-in of ${activeUser.email}: typed claims in both tokens`,
      event: {
        version: '2',
        triggerSource: 'TokenGeneration_Authentication',
        ...common(settings, activeUser),
        request: {
          userAttributes: userAttributes(activeUser),
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
          scopes: ['openid', 'tenant', 'orders/read', 'orders/write'],
          clientMetadata: {},
        },
        response: { claimsAndScopeOverrideDetails: null },
      },
    },
    {
      fileName: 'pre-authentication.json',
      functionName: 'pre-authentication',
      description: `${activeUser.email} passes the pre-authentication check`,
      event: preAuthentication(activeUser),
    },
  ]
  if (inactiveUser !== undefined) {
    events.push({
      fileName: 'pre-authentication-inactive.json',
      functionName: 'pre-authentication',
      description: `${inactiveUser.email} is refused: "user is not active"`,
      event: preAuthentication(inactiveUser),
    })
  }
  return events
}
