import type { Client } from './client.js'

/**
 * The scope Cognito grants for its own user-pools API. It names no resource of
 * ours, and it is all that API sign-ins (InitiateAuth) carry.
 */
export const COGNITO_ADMIN_SCOPE = 'aws.cognito.signin.user.admin'

/**
 * The scopes a token request asks for (the scope rules in docs/claims.md): the event's scopes without
 * Cognito's admin scope; when that leaves none (version 1 events, API
 * sign-ins), the client's `allowedScopes`, or none for a client without them.
 * Scopes outside the client's `allowedScopes` are dropped later, by
 * `resolveRequestedResources`.
 *
 * @example
 * requestedScopes(['aws.cognito.signin.user.admin'], { ...client, allowedScopes: ['openid', 'email'] })
 * // ['openid', 'email']
 */
export function requestedScopes(
  eventScopes: readonly string[] | undefined,
  client: Client,
): readonly string[] {
  const asked = (eventScopes ?? []).filter((scope) => scope !== COGNITO_ADMIN_SCOPE)
  return asked.length > 0 ? asked : (client.allowedScopes ?? [])
}
