import { randomUUID } from 'node:crypto'
import middy, { type MiddyfiedHandler } from '@middy/core'
import type { Context } from 'aws-lambda'
import {
  ClaimsStoreUnavailableError,
  runClaimsPipeline,
  type TokenPolicy,
  UserInactiveError,
} from '../core/index.js'
import { type DeadlineContext, flushMetrics, invocationDeadline } from '../middleware/index.js'
import { beforeDeadline } from './before-deadline.js'
import { cognitoSubject } from './cognito-subject.js'
import {
  type CognitoTriggerDependencies,
  checkTriggerDependencies,
} from './cognito-trigger-dependencies.js'
import type { CognitoUser } from './cognito-user.js'
import { logTriggerInvocations } from './log-trigger-invocations.js'
import { mapTriggerErrors } from './map-trigger-errors.js'
import { parsePreAuthenticationEvent } from './parse-pre-authentication-event.js'
import { PRE_AUTHENTICATION_IS_ACTIVE_CALLER } from './trigger-callers.js'
import { triggerEventFields } from './trigger-log-fields.js'

/** Pre-authentication issues no token: it only asks whether the user is active. */
const NO_TOKENS: readonly TokenPolicy[] = Object.freeze([])

/** The event handed back to Cognito, unchanged: it reads nothing from the response. */
export type PreAuthenticationResult = Readonly<Record<string, unknown>>

/**
 * Builds the pre-authentication trigger: before Cognito checks the password,
 * it runs the claims pipeline for the active check alone
 * (`ResourceOwnerValidation`, no tokens) and refuses the sign-in with "user
 * is not active" when the user is not. When Cognito reports that the user
 * does not exist (`userNotFound`), it asks exactly as for a user the store
 * has no record of, under a sub no user has (the same reads, the same
 * answer), so neither the answer nor its timing reveals which users exist.
 * Any version and trigger source is read; an unknown one is logged and
 * counted (`EventsUnrecognized`). Store failures follow `onStoreError` as in
 * the token trigger.
 *
 * @example
 * export const handler = createPreAuthenticationHandler({
 *   profileService, configurationSource, logger, metrics, settings: readTriggerSettings(process.env),
 * })
 */
export function createPreAuthenticationHandler(
  deps: CognitoTriggerDependencies,
): MiddyfiedHandler<unknown, PreAuthenticationResult, Error, Context> {
  checkTriggerDependencies('createPreAuthenticationHandler', deps)
  const { profileService, configurationSource, logger, metrics, settings } = deps

  const handler = async (event: unknown, context: Context): Promise<PreAuthenticationResult> => {
    const { signal } = context as DeadlineContext
    const parsed = parsePreAuthenticationEvent(event)
    const user: CognitoUser = parsed.user ?? unknownUser()
    const log = logger.child({
      ...triggerEventFields(event),
      ...(parsed.user === undefined ? { userNotFound: true } : { sub: user.sub }),
    })
    if (parsed.unrecognized !== undefined) {
      log.warn('event not recognized: read as a pre-authentication event', {
        unrecognized: parsed.unrecognized,
      })
      metrics.count('EventsUnrecognized')
    }
    try {
      const checked = runClaimsPipeline({
        profileService,
        configurationSource,
        clientId: parsed.clientId,
        subject: cognitoSubject(user),
        isActiveCaller: PRE_AUTHENTICATION_IS_ACTIVE_CALLER,
        tokens: NO_TOKENS,
        signal,
      })
      if (!(await beforeDeadline(checked, signal)).active) throw new UserInactiveError()
    } catch (error) {
      if (!(error instanceof ClaimsStoreUnavailableError) || settings.onStoreError === 'fail') {
        throw error
      }
      log.warn('claims store unavailable: sign-in allowed without the active check', { error })
      metrics.count('ActiveChecksSkipped')
    }
    return event as PreAuthenticationResult
  }

  return middy(handler)
    .use(flushMetrics(metrics))
    .use(mapTriggerErrors(metrics))
    .use(logTriggerInvocations(logger))
    .use(invocationDeadline(settings.deadlineMarginMs))
}

/**
 * A user Cognito says does not exist, as the profile service sees a user
 * with no record: a fresh random sub no stored user has, no attributes.
 */
function unknownUser(): CognitoUser {
  return { userName: '', sub: randomUUID(), attributes: new Map() }
}
