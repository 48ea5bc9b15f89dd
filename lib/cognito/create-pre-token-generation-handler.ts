import middy, { type MiddyfiedHandler } from '@middy/core'
import type { Context } from 'aws-lambda'
import {
  ClaimsStoreUnavailableError,
  type IssuedToken,
  ProfileDataCallers,
  runClaimsPipeline,
  UserInactiveError,
} from '../core/index.js'
import {
  type DeadlineContext,
  flushMetrics,
  invocationDeadline,
  sendReadAhead,
} from '../middleware/index.js'
import { ClaimMetrics, reportIssuedTokens } from '../observability/index.js'
import { beforeDeadline } from './before-deadline.js'
import {
  buildPreTokenGenerationResponse,
  type PreTokenGenerationResponse,
} from './build-pre-token-generation-response.js'
import { cognitoSubject } from './cognito-subject.js'
import {
  type CognitoTriggerDependencies,
  checkTriggerDependencies,
} from './cognito-trigger-dependencies.js'
import { logTriggerInvocations } from './log-trigger-invocations.js'
import { mapTriggerErrors } from './map-trigger-errors.js'
import { parsePreTokenGenerationEvent } from './parse-pre-token-generation-event.js'
import { peekTriggerReadAhead } from './peek-trigger-read-ahead.js'
import { preTokenGenerationRequest } from './pre-token-generation-request.js'
import { TokenSizeBudgetExceededError } from './token-size-budget-exceeded-error.js'
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

const NO_TOKENS: readonly IssuedToken[] = Object.freeze([])

/**
 * Builds the pre-token-generation trigger for all three event versions: it
 * checks the event, runs the claims pipeline (`preTokenGenerationRequest`:
 * is the user active, which claims each token gets) and answers with typed
 * claims (strings in version 1). Every store call gets the invocation's
 * deadline signal, fired `deadlineMarginMs` before the Lambda deadline. A
 * store failure or timeout fails the sign-in, or under `onStoreError: 'omit'`
 * lets the token through unenriched. It never suppresses a claim it did not
 * add and never touches groups. Every error reaches Cognito with a message
 * safe to show the client.
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
  const { logger, metrics, settings } = deps

  const handler = async (event: unknown, context: Context): Promise<PreTokenGenerationResult> => {
    const { signal } = context as DeadlineContext
    const parsed = parsePreTokenGenerationEvent(event)
    const subject = parsed.user === undefined ? undefined : cognitoSubject(parsed.user)
    const log = logger.child({ ...triggerEventFields(event), ...(subject && { sub: subject.sub }) })
    if (parsed.unrecognized !== undefined) {
      // AWS adds versions and sources over time: read as well as can be, never refused for it.
      log.warn('event not recognized: read as the nearest known event', {
        unrecognized: parsed.unrecognized,
        answeredAs: parsed.version ?? 'unanswered',
      })
      metrics.count('EventsUnrecognized')
    }

    let tokens = NO_TOKENS
    try {
      // An event answered unenriched still asks whether its user is active.
      const request = preTokenGenerationRequest(parsed, subject, deps, signal)
      const result = await beforeDeadline(runClaimsPipeline(request), signal)
      if (!result.active) throw new UserInactiveError()
      tokens = result.tokens
    } catch (error) {
      if (!(error instanceof ClaimsStoreUnavailableError) || settings.onStoreError === 'fail') {
        throw error
      }
      log.warn('claims store unavailable: token issued without enrichment', { error })
      if (parsed.version !== undefined) metrics.count('TokensUnenriched')
    }
    if (parsed.version === undefined) {
      metrics.count('TokensUnenriched')
      return event as PreTokenGenerationResult
    }
    reportIssuedTokens(tokens, log, metrics)

    let id: IssuedToken | undefined
    let access: IssuedToken | undefined
    for (const token of tokens) {
      if (token.policy.caller === ProfileDataCallers.ClaimsProviderIdentityToken) id = token
      else access = token
    }
    if (settings.tokenSizePolicy === 'fail') {
      for (const [token, issued] of [
        ['id', id],
        ['access', access],
      ] as const) {
        if (issued?.overBudget) {
          throw new TokenSizeBudgetExceededError(
            token,
            issued.bytes ?? 0,
            settings.tokenSizeBudgetBytes,
          )
        }
      }
    }
    const response = buildPreTokenGenerationResponse(parsed.version, {
      idToken: parsed.user === undefined ? undefined : (id?.claims ?? {}),
      accessToken: access?.claims ?? {},
    })
    metrics.count(
      ClaimMetrics.Issued,
      Object.keys(id?.claims ?? {}).length + Object.keys(access?.claims ?? {}).length,
    )
    return { ...(event as Readonly<Record<string, unknown>>), response }
  }

  const pipeline = middy(handler)
    .use(flushMetrics(metrics))
    .use(mapTriggerErrors(metrics))
    .use(logTriggerInvocations(logger))
    .use(invocationDeadline(settings.deadlineMarginMs))
  // The user's, the client's and the resources' reads go out first; after one turn of the
  // event loop the SDK has sent them, and the event is checked while they are on the wire.
  // An event that fails its check abandons them.
  if (deps.readAhead !== undefined) {
    pipeline.use(
      sendReadAhead({
        readAhead: deps.readAhead,
        peek: peekTriggerReadAhead,
        yieldAfterSending: true,
      }),
    )
  }
  return pipeline
}
