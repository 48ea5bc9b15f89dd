import type { MiddlewareObj, Request } from '@middy/core'
import type { Context } from 'aws-lambda'
import { type Deadline, startDeadline } from './deadline.js'

/** The Lambda context of an invocation under `invocationDeadline`: it carries the signal. */
export interface DeadlineContext extends Context {
  /**
   * Aborts `marginMs` before the invocation's deadline, or as soon as the
   * invocation fails. One signal per invocation: pass it to every store call,
   * so the memoized store shares one read of the user.
   */
  readonly signal: AbortSignal
}

// Kept on middy's per-request `internal` object rather than in a WeakMap: an entry
// per invocation in a WeakMap is an ephemeron every garbage collection must trace.
const DEADLINE = 'claimsmithDeadline'
const internal = (request: Request) => request.internal as Record<string, unknown>

/**
 * A middy middleware that starts the invocation's deadline (`startDeadline`)
 * and puts its signal on the context (`DeadlineContext`). When the invocation
 * ends it stops the timer; when it fails it also aborts the signal, so nothing
 * still running on it (a read sent ahead) goes on for nothing. Register it
 * before `sendReadAhead`, which sends the read on this signal.
 *
 * @example
 * middy(handler).use(invocationDeadline(settings.deadlineMarginMs))
 */
export function invocationDeadline(marginMs: number): MiddlewareObj<unknown, unknown, Error> {
  return {
    before: (request) => {
      const deadline = startDeadline(request.context.getRemainingTimeInMillis(), marginMs)
      internal(request)[DEADLINE] = deadline
      ;(request.context as { signal?: AbortSignal }).signal = deadline.signal
    },
    after: (request) => {
      ;(internal(request)[DEADLINE] as Deadline | undefined)?.clear()
    },
    onError: (request) => {
      ;(internal(request)[DEADLINE] as Deadline | undefined)?.abandon()
    },
  }
}

/**
 * The signal `invocationDeadline` put on a context.
 *
 * @example
 * const signal = deadlineSignal(request.context)
 */
export function deadlineSignal(context: Context): AbortSignal {
  const { signal } = context as Partial<DeadlineContext>
  if (signal === undefined) {
    throw new TypeError('no invocation deadline: register invocationDeadline() before this')
  }
  return signal
}
