import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import type { JsonValue } from '../core/index.js'
import { INTROSPECTION_MEMBERS } from '../introspection/introspection-response.js'
import type { ClaimSet, IntrospectionAnswer, UserInfoAnswer } from './claims-test-outcome.js'

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
  const body = jsonBody(answer)
  if (answer.statusCode === 200) return { refused: false, claims: body as ClaimSet }
  return { refused: true, reason: errorReason(answer, body) }
}

/**
 * What an introspection answer says: the claims of an active token, its
 * RFC 7662 members (`active`, `exp`, `jti`, …, which depend on the token)
 * left out; `active: false`; or the status and OAuth error of an answer other
 * than 200.
 *
 * @example
 * introspectionAnswer({ statusCode: 200, body: '{"employee_id":7,"active":true,"exp":1767225600}' })
 * // { refused: false, claims: { employee_id: 7 } }
 */
export function introspectionAnswer(
  answer: APIGatewayProxyStructuredResultV2,
): IntrospectionAnswer {
  const body = jsonBody(answer)
  if (answer.statusCode !== 200) return { refused: true, reason: errorReason(answer, body) }
  if (body.active !== true) return { refused: true, reason: 'not active ({"active": false})' }
  const claims: Record<string, JsonValue> = {}
  for (const [type, value] of Object.entries(body)) {
    if (!INTROSPECTION_MEMBERS.has(type)) claims[type] = value as JsonValue
  }
  return { refused: false, claims }
}

function jsonBody(answer: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(answer.body ?? '{}')
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function errorReason(answer: APIGatewayProxyStructuredResultV2, body: Record<string, unknown>) {
  const error = typeof body.error === 'string' ? body.error : 'error'
  const description =
    typeof body.error_description === 'string' ? `: ${body.error_description}` : ''
  return `${answer.statusCode} ${error}${description}`
}
