import type { ReadAheadHint } from '../core/index.js'
import { CLIENT_CREDENTIALS_TRIGGER_SOURCE } from './trigger-sources.js'

/** `object[name]` when `object` is an object and that is a non-empty string. */
function nonEmptyString(object: unknown, name: string): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined
  const value = (object as Record<string, unknown>)[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * What a pre token generation event not yet checked names to read ahead:
 * `request.userAttributes.sub`, unless the event is a client-credentials
 * grant, and `callerContext.clientId`, each when it is a non-empty string;
 * `undefined` when it names neither. It throws for no JSON value: it only
 * lets the trigger send its reads ahead of the event's full check, which
 * still decides. The event comes from Cognito, so its client id may fill a
 * place in the configuration cache.
 *
 * @example
 * peekTriggerReadAhead({ triggerSource: 'TokenGeneration_HostedAuth', callerContext: { clientId: 'c-1' }, request: { userAttributes: { sub: 's-1' } } }) // { sub: 's-1', clientId: 'c-1' }
 * peekTriggerReadAhead(null) // undefined
 */
export function peekTriggerReadAhead(event: unknown): ReadAheadHint | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const { triggerSource, request, callerContext } = event as Record<string, unknown>
  const clientId = nonEmptyString(callerContext, 'clientId')
  const sub =
    triggerSource === CLIENT_CREDENTIALS_TRIGGER_SOURCE
      ? undefined
      : nonEmptyString(
          typeof request === 'object' && request !== null
            ? (request as Record<string, unknown>).userAttributes
            : undefined,
          'sub',
        )
  if (sub === undefined && clientId === undefined) return undefined
  return { sub, clientId }
}
