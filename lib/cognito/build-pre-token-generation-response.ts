import type { JsonValue } from '../core/index.js'
import type { PreTokenGenerationVersion } from './parse-pre-token-generation-event.js'
import { version1ClaimText } from './version-1-claim-text.js'

/**
 * A version 1 response: the ID token only, string values only. Claims are
 * never suppressed and groups never overridden.
 */
export interface PreTokenGenerationV1Response {
  readonly claimsOverrideDetails: {
    readonly claimsToAddOrOverride: Readonly<Record<string, string>>
  }
}

/** The claims one token gets in a version 2 or 3 response, with their JSON types. */
export interface TokenGenerationOverrides {
  readonly claimsToAddOrOverride: Readonly<Record<string, JsonValue>>
}

/**
 * A version 2 or 3 response. `@types/aws-lambda` types the claims as strings;
 * Cognito takes strings, numbers, booleans, arrays and objects, so this type
 * says so. `idTokenGeneration` is absent for a client-credentials grant, which
 * has no ID token.
 */
export interface PreTokenGenerationV2Response {
  readonly claimsAndScopeOverrideDetails: {
    readonly idTokenGeneration?: TokenGenerationOverrides
    readonly accessTokenGeneration: TokenGenerationOverrides
  }
}

/** The `response` a pre-token-generation trigger hands back, by event version. */
export type PreTokenGenerationResponse = PreTokenGenerationV1Response | PreTokenGenerationV2Response

/** The claims for each token, as shaped; `undefined` for a token the trigger does not shape. */
export interface TokenClaimSets {
  readonly idToken?: Readonly<Record<string, JsonValue>> | undefined
  readonly accessToken?: Readonly<Record<string, JsonValue>> | undefined
}

/**
 * Builds the response for an event version from the claims the pipeline
 * issued for each token. Version 1 carries the ID token's claims as strings
 * (`version1ClaimText`, which the ID-token shaping has already applied);
 * versions 2 and 3 carry both tokens' claims typed. No claim type is checked
 * here: the pipeline has left out every protocol and reserved type, and
 * shaping renames none.
 *
 * @example
 * buildPreTokenGenerationResponse('1', { idToken: { tier: '3' } })
 * // { claimsOverrideDetails: { claimsToAddOrOverride: { tier: '3' } } }
 */
export function buildPreTokenGenerationResponse(
  version: PreTokenGenerationVersion,
  sets: TokenClaimSets,
): PreTokenGenerationResponse {
  if (version === '1') {
    const text: Record<string, string> = Object.create(null)
    for (const [type, value] of Object.entries(sets.idToken ?? {})) {
      text[type] = version1ClaimText(value)
    }
    return { claimsOverrideDetails: { claimsToAddOrOverride: text } }
  }
  const { idToken } = sets
  return {
    claimsAndScopeOverrideDetails: {
      ...(idToken === undefined ? {} : { idTokenGeneration: { claimsToAddOrOverride: idToken } }),
      accessTokenGeneration: { claimsToAddOrOverride: sets.accessToken ?? {} },
    },
  }
}
