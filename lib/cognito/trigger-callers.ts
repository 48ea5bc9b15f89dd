import {
  type ProfileDataCaller,
  ProfileDataCallers,
  type ProfileIsActiveCaller,
  ProfileIsActiveCallers,
} from '../core/index.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'
import type { PreTokenGenerationTriggerSource } from './trigger-sources.js'

/** Who asks the profile service what, for one pre-token-generation invocation (docs/claims.md, "Callers"). */
export interface TriggerCallers {
  /** The isActive caller; `undefined` when there is no user to ask about. */
  readonly isActive: ProfileIsActiveCaller | undefined
  /** The getProfileData callers, one per token the trigger shapes, in that order. */
  readonly profile: readonly ProfileDataCaller[]
}

/** The isActive caller of the pre-authentication trigger (`PreAuthentication_Authentication`). */
export const PRE_AUTHENTICATION_IS_ACTIVE_CALLER = ProfileIsActiveCallers.ResourceOwnerValidation

const IS_ACTIVE_CALLERS: ReadonlyMap<PreTokenGenerationTriggerSource, ProfileIsActiveCaller> =
  new Map([
    ['TokenGeneration_HostedAuth', ProfileIsActiveCallers.AuthorizeEndpoint],
    ['TokenGeneration_Authentication', ProfileIsActiveCallers.ResourceOwnerValidation],
    ['TokenGeneration_NewPasswordChallenge', ProfileIsActiveCallers.ResourceOwnerValidation],
    ['TokenGeneration_AuthenticateDevice', ProfileIsActiveCallers.ResourceOwnerValidation],
    ['TokenGeneration_RefreshTokens', ProfileIsActiveCallers.RefreshTokenValidation],
  ])

/**
 * Maps a pre-token-generation trigger source onto Duende's callers (docs/claims.md, "Callers"): version 1
 * shapes the ID token only, versions 2 and 3 the ID and access tokens, and a
 * client-credentials grant the access token only, with no user to check. A
 * source Cognito added since is a sign-in: `ResourceOwnerValidation`. An
 * event of a version no response shape is known for shapes no token, but
 * its user is still checked.
 *
 * @example
 * triggerCallers('TokenGeneration_RefreshTokens', '2')
 * // { isActive: 'RefreshTokenValidation', profile: ['ClaimsProviderIdentityToken', 'ClaimsProviderAccessToken'] }
 */
export function triggerCallers(
  triggerSource: PreTokenGenerationTriggerSource | (string & {}),
  version: PreTokenGenerationVersion | undefined,
): TriggerCallers {
  if (triggerSource === 'TokenGeneration_ClientCredentials') {
    return { isActive: undefined, profile: [ProfileDataCallers.ClaimsProviderAccessToken] }
  }
  const isActive =
    IS_ACTIVE_CALLERS.get(triggerSource as PreTokenGenerationTriggerSource) ??
    ProfileIsActiveCallers.ResourceOwnerValidation
  return {
    isActive,
    profile:
      version === undefined
        ? []
        : version === '1'
          ? [ProfileDataCallers.ClaimsProviderIdentityToken]
          : [
              ProfileDataCallers.ClaimsProviderIdentityToken,
              ProfileDataCallers.ClaimsProviderAccessToken,
            ],
  }
}
