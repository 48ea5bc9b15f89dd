/** The pre-token-generation trigger sources of a user's sign-in or refresh. */
export const USER_TOKEN_TRIGGER_SOURCES = Object.freeze([
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
] as const)

/** One of `USER_TOKEN_TRIGGER_SOURCES`. */
export type UserTokenTriggerSource = (typeof USER_TOKEN_TRIGGER_SOURCES)[number]

/** The machine-to-machine trigger source; Cognito sends it in version 3 events only. */
export const CLIENT_CREDENTIALS_TRIGGER_SOURCE = 'TokenGeneration_ClientCredentials'

/**
 * Every pre-token-generation trigger source, as the Cognito developer guide
 * lists them.
 *
 * @example
 * const source: PreTokenGenerationTriggerSource = 'TokenGeneration_RefreshTokens'
 */
export type PreTokenGenerationTriggerSource =
  | UserTokenTriggerSource
  | typeof CLIENT_CREDENTIALS_TRIGGER_SOURCE

/** The pre-authentication trigger's only source. */
export const PRE_AUTHENTICATION_TRIGGER_SOURCE = 'PreAuthentication_Authentication'

/** `PreAuthentication_Authentication`. */
export type PreAuthenticationTriggerSource = typeof PRE_AUTHENTICATION_TRIGGER_SOURCE
