import { ProfileDataCallers } from './callers.js'
import type { JsonValue } from './claim.js'
import type { ClaimsPipelineResult } from './run-claims-pipeline.js'
import type { TokenPolicy } from './token-policy.js'

/**
 * The userinfo response's policy: the claims of the identity resources the
 * token's scopes match, and a value that does not parse sent as its text
 * (Duende's lenient path), never wrongly typed.
 */
export const USERINFO_POLICY: TokenPolicy = Object.freeze({
  caller: ProfileDataCallers.UserInfoEndpoint,
  onInvalidValue: 'text',
})

/**
 * The userinfo answer for a pipeline result issued under `USERINFO_POLICY`:
 * its claims, with `sub` set last to the access token's own, so no profile
 * service can put another user's subject in the answer.
 *
 * @example
 * userInfoResponse(result, token.sub) // { email: 'a@example.com', sub: '8f1c…' }
 */
export function userInfoResponse(
  result: ClaimsPipelineResult,
  sub: string,
): Record<string, JsonValue> {
  const issued = result.tokens.find((token) => token.policy === USERINFO_POLICY)
  const body: Record<string, JsonValue> = Object.assign(Object.create(null), issued?.claims)
  body.sub = sub
  return body
}
