import middy, { type MiddyfiedHandler } from '@middy/core'
import type { Context } from 'aws-lambda'
import { ClaimsStoreUnavailableError } from '../core/index.js'
import { startDeadline } from '../runtime/index.js'
import { beforeDeadline } from './before-deadline.js'
import {
  buildPreTokenGenerationResponse,
  type PreTokenGenerationResponse,
} from './build-pre-token-generation-response.js'
import {
  type CognitoTriggerDependencies,
  checkTriggerDependencies,
} from './cognito-trigger-dependencies.js'
import { enforceTokenSizeBudget } from './enforce-token-size-budget.js'
import { flushMetrics } from './flush-metrics.js'
import { type IssuedTokenClaims, issueTokenClaims } from './issue-token-claims.js'
import { logTriggerInvocations } from './log-trigger-invocations.js'
import { mapTriggerErrors } from './map-trigger-errors.js'
import { parsePreTokenGenerationEvent } from './parse-pre-token-generation-event.js'
import { peekUserSub } from './peek-user-sub.js'
import { shapeIdTokenClaims } from './shape-id-token-claims.js'
import { triggerEventFields } from './trigger-log-fields.js'

/**
 * The event handed back to Cognito: as received, with the trigger's response.
 *
 * @example
 * const { response } = await handler(event, context)
 */
export type PreTokenGenerationResult = Readonly<Record<string, unknown>> & {
  readonly response: PreTokenGenerationResponse
}

/**
 * Builds the pre-token-generation trigger for all three event versions
 * (SPEC §7): it checks the event, asks the profile service whether the user
 * is active and which claims each token gets, and answers with typed claims
 * (strings in version 1). Every store call gets one deadline signal, fired
 * `deadlineMarginMs` before the Lambda deadline. A store failure or timeout
 * fails the sign-in, or under `onStoreError: 'omit'` lets the token through
 * unenriched. It never suppresses a claim it did not add and never touches
 * groups. Every error reaches Cognito with a message safe to show the client.
 *
 * @example
 * export const handler = createPreTokenGenerationHandler({
 *   profileService, configurationSource, logger, metrics, settings: readTriggerSettings(process.env),
 * })
 */
export function createPreTokenGenerationHandler(
  deps: CognitoTriggerDependencies,
): MiddyfiedHandler<unknown, PreTokenGenerationResult, Error, Context> {
  checkTriggerDependencies('createPreTokenGenerationHandler', deps)
  const { profileService, configurationSource, logger, metrics, settings } = deps

  const handler = async (event: unknown, context: Context): Promise<PreTokenGenerationResult> => {
    const deadline = startDeadline(context.getRemainingTimeInMillis(), settings.deadlineMarginMs)
    try {
      return await respond(event, deadline.signal)
    } catch (error) {
      // Nothing still running on the signal (a read sent ahead) is wanted now.
      deadline.abandon()
      throw error
    } finally {
      deadline.clear()
    }
  }

  const respond = async (
    event: unknown,
    signal: AbortSignal,
  ): Promise<PreTokenGenerationResult> => {
    // The user's read goes out first. After one turn of the event loop the SDK
    // has sent it, and the event is checked and the rest prepared while it is
    // on the wire, not before it leaves. An event that fails its check
    // abandons the read.
    const sub = deps.prefetchUser === undefined ? undefined : peekUserSub(event)
    if (sub !== undefined) {
      deps.prefetchUser?.(sub, signal)
      await new Promise(setImmediate)
    }
    const parsed = parsePreTokenGenerationEvent(event)
    const owner = parsed.user === undefined ? {} : { sub: parsed.user.sub }
    const log = logger.child({ ...triggerEventFields(event), ...owner })
    if (parsed.unrecognized !== undefined) {
      // AWS adds versions and sources over time: read as well as can be, never refused for it.
      log.warn('event not recognized: read as the nearest known event', {
        unrecognized: parsed.unrecognized,
        answeredAs: parsed.version ?? 'unanswered',
      })
      metrics.count('EventsUnrecognized')
    }
    if (parsed.version === undefined) {
      metrics.count('TokensUnenriched')
      return event as PreTokenGenerationResult
    }

    let issued: IssuedTokenClaims
    try {
      issued = await beforeDeadline(
        issueTokenClaims({
          event: parsed,
          profileService,
          configurationSource,
          signal,
          onInvalidClaim: settings.onInvalidClaim,
          logger: log,
          metrics,
        }),
        signal,
      )
    } catch (error) {
      if (!(error instanceof ClaimsStoreUnavailableError) || settings.onStoreError === 'fail') {
        throw error
      }
      log.warn('claims store unavailable: token issued without enrichment', { error })
      metrics.count('TokensUnenriched')
      issued = {
        idToken: parsed.user === undefined ? undefined : {},
        accessToken: parsed.version === '1' ? undefined : {},
        attributeClaims: {},
      }
    }

    let idToken = issued.idToken
    if (idToken !== undefined) {
      const shaped = shapeIdTokenClaims(idToken, issued.attributeClaims, parsed.version)
      for (const { type, problem } of shaped.omitted) {
        log.warn('claim omitted from the ID token', { claimType: type, reason: problem })
        metrics.count('ClaimsOmitted')
      }
      for (const type of shaped.reduced) {
        log.info('claim reduced to its first value in the ID token', { claimType: type })
      }
      idToken = shaped.claims
    }

    const built = buildPreTokenGenerationResponse(parsed.version, {
      idToken,
      accessToken: issued.accessToken,
    })
    for (const { type, restriction, token } of built.restricted) {
      log.error('restricted claim removed from the response', {
        claimType: type,
        restriction,
        token,
      })
      metrics.count('ClaimsRestricted')
    }
    enforceTokenSizeBudget({
      tokens: { id: built.idToken, access: built.accessToken },
      settings,
      logger: log,
      metrics,
    })
    const added =
      Object.keys(built.idToken ?? {}).length + Object.keys(built.accessToken ?? {}).length
    metrics.count('ClaimsIssued', added)
    return { ...(event as Readonly<Record<string, unknown>>), response: built.response }
  }

  return middy(handler)
    .use(flushMetrics(metrics))
    .use(mapTriggerErrors(metrics))
    .use(logTriggerInvocations(logger))
}
