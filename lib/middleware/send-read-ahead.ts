import type { MiddlewareObj } from '@middy/core'
import type { ReadAhead, ReadAheadHint } from '../core/memoize-claims-store.js'
import { deadlineSignal } from './invocation-deadline.js'

/** What `sendReadAhead` needs. */
export interface SendReadAheadOptions<TEvent> {
  /** Starts the reads a hint names on the invocation's signal (the runtime's `readAhead`). */
  readonly readAhead: ReadAhead
  /**
   * What to read, from an event not yet checked; `undefined`, or a hint
   * naming neither a user nor a client, for nothing. It must never throw. A
   * hint only: the full check still decides, and nothing read for a request
   * that fails it is used.
   */
  readonly peek: (event: TEvent) => ReadAheadHint | undefined
  /**
   * Give up one turn of the event loop after sending, so the SDK puts the
   * reads on the wire before the handler's own synchronous work (the event's
   * check) begins.
   */
  readonly yieldAfterSending: boolean
}

/**
 * A middy middleware that sends reads ahead: before the handler runs, it
 * starts the reads the event's hint names (the user; for a trusted event,
 * the client and the resources) on the invocation's signal, so they are on
 * the wire while the event or the token is checked, and the pipeline,
 * asking later with the same signal, gets those reads. Register it after
 * `invocationDeadline`. A handler without a read-ahead registers nothing,
 * and pays nothing.
 *
 * @example
 * middy(handler).use(invocationDeadline(300)).use(sendReadAhead({ readAhead, peek: peekTriggerReadAhead, yieldAfterSending: true }))
 */
export function sendReadAhead<TEvent>(
  options: SendReadAheadOptions<TEvent>,
): MiddlewareObj<TEvent, unknown, Error> {
  const { readAhead, peek, yieldAfterSending } = options
  return {
    before: async (request) => {
      const hint = peek(request.event)
      if (hint === undefined || (hint.sub === undefined && hint.clientId === undefined)) return
      readAhead(hint, deadlineSignal(request.context))
      if (yieldAfterSending) await new Promise(setImmediate)
    },
  }
}
