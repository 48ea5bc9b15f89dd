import { CLIENT_CREDENTIALS_TRIGGER_SOURCE } from './trigger-sources.js'

/**
 * `request.userAttributes.sub` of an event not yet checked, when it is a
 * non-empty string and the event is not a client-credentials grant;
 * otherwise `undefined`. It throws for no JSON value: it only lets the trigger send the
 * user's read ahead of the event's full check, which still decides.
 *
 * @example
 * peekUserSub({ triggerSource: 'TokenGeneration_HostedAuth', request: { userAttributes: { sub: 's-1' } } }) // 's-1'
 * peekUserSub(null) // undefined
 */
export function peekUserSub(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const { triggerSource, request } = event as { triggerSource?: unknown; request?: unknown }
  if (triggerSource === CLIENT_CREDENTIALS_TRIGGER_SOURCE) return undefined
  if (typeof request !== 'object' || request === null) return undefined
  const { userAttributes } = request as { userAttributes?: unknown }
  if (typeof userAttributes !== 'object' || userAttributes === null) return undefined
  const { sub } = userAttributes as { sub?: unknown }
  return typeof sub === 'string' && sub !== '' ? sub : undefined
}
