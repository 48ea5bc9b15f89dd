import type { MiddlewareObj } from '@middy/core'
import { deadlineSignal } from './invocation-deadline.js'

/** What `sendReadAhead` needs. */
export interface SendReadAheadOptions<TEvent> {
  /** Starts the user's read on the invocation's signal (the runtime's `prefetchUser`). */
  readonly prefetchUser: (sub: string, signal: AbortSignal) => void
  /**
   * The user's `sub` read from an event not yet checked, or `undefined`; it
   * must never throw. A hint only: the full check still decides, and nothing
   * read for a request that fails it is used.
   */
  readonly peekSub: (event: TEvent) => string | undefined
  /**
   * Give up one turn of the event loop after sending, so the SDK puts the
   * read on the wire before the handler's own synchronous work (the event's
   * check) begins.
   */
  readonly yieldAfterSending: boolean
}

/**
 * A middy middleware that sends the user's read ahead: before the handler
 * runs, it starts the read on the invocation's signal, so the read is on the
 * wire while the event or the token is checked, and the profile service,
 * called later with the same signal, gets that read. Register it after
 * `invocationDeadline`. A handler without a read-ahead registers nothing, and
 * pays nothing.
 *
 * @example
 * middy(handler).use(invocationDeadline(300)).use(sendReadAhead({ prefetchUser, peekSub: peekUserSub, yieldAfterSending: true }))
 */
export function sendReadAhead<TEvent>(
  options: SendReadAheadOptions<TEvent>,
): MiddlewareObj<TEvent, unknown, Error> {
  const { prefetchUser, peekSub, yieldAfterSending } = options
  return {
    before: async (request) => {
      const sub = peekSub(request.event)
      if (sub === undefined) return
      prefetchUser(sub, deadlineSignal(request.context))
      if (yieldAfterSending) await new Promise(setImmediate)
    },
  }
}
