import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import type { ClaimSet, UserInfoAnswer } from './claims-test-outcome.js'

interface TriggerResponse {
  readonly claimsOverrideDetails?: { readonly claimsToAddOrOverride?: ClaimSet }
  readonly claimsAndScopeOverrideDetails?: {
    readonly idTokenGeneration?: { readonly claimsToAddOrOverride?: ClaimSet }
    readonly accessTokenGeneration?: { readonly claimsToAddOrOverride?: ClaimSet }
  }
}

/**
 * The claims a pre-token-generation trigger's answer adds to each token, for
 * every event version: version 1 shapes the ID token only, a
 * client-credentials answer the access token only.
 *
 * @example
 * tokenClaims({ response: { claimsOverrideDetails: { claimsToAddOrOverride: { tier: '3' } } } })
 * // { idToken: { tier: '3' }, accessToken: undefined }
 */
export function tokenClaims(answer: unknown): {
  idToken: ClaimSet | undefined
  accessToken: ClaimSet | undefined
} {
  // As Lambda hands the answer to Cognito: JSON, so values compare as the token carries them.
  const sent = JSON.parse(JSON.stringify(answer ?? null)) as { response?: TriggerResponse } | null
  const response = sent?.response ?? {}
  if (response.claimsOverrideDetails !== undefined) {
    return {
      idToken: response.claimsOverrideDetails.claimsToAddOrOverride ?? {},
      accessToken: undefined,
    }
  }
  const details = response.claimsAndScopeOverrideDetails
  return {
    idToken: details?.idTokenGeneration?.claimsToAddOrOverride,
    accessToken: details?.accessTokenGeneration?.claimsToAddOrOverride,
  }
}

/**
 * What a userinfo answer says: the claims of a 200, or the status and the
 * OAuth error of any other answer.
 *
 * @example
 * userInfoAnswer({ statusCode: 401, body: '{"error":"invalid_token","error_description":"the user is not active"}' })
 * // { refused: true, reason: '401 invalid_token: the user is not active' }
 */
export function userInfoAnswer(answer: APIGatewayProxyStructuredResultV2): UserInfoAnswer {
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(answer.body ?? '{}') as Record<string, unknown>
  } catch {
    body = {}
  }
  if (answer.statusCode === 200) return { refused: false, claims: body as ClaimSet }
  const error = typeof body.error === 'string' ? body.error : 'error'
  const description =
    typeof body.error_description === 'string' ? `: ${body.error_description}` : ''
  return { refused: true, reason: `${answer.statusCode} ${error}${description}` }
}
