/** The callbacks waiting on each signal, behind its one listener. */
const watchers = new WeakMap<AbortSignal, Set<() => void>>()

/**
 * Calls `callback` once when `signal` aborts, unless the returned function
 * is called first. Every callback on a signal shares one `abort` listener:
 * on Node.js 20, adding and removing an EventTarget listener costs several
 * microseconds each, a Set entry next to nothing. An invocation's one
 * signal, watched by the deadline wait and by each DynamoDB call, then pays
 * for one listener, and a long-lived signal (a CLI run's) never gathers more. The
 * caller checks `signal.aborted` first: on a signal that has already
 * aborted the callback is never called.
 *
 * @example
 * const stop = watchAbort(signal, () => request.destroy())
 * try { return await request.done } finally { stop() }
 */
export function watchAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = watchers.get(signal)
  if (callbacks === undefined) {
    const onSignal = new Set<() => void>()
    watchers.set(signal, onSignal)
    signal.addEventListener(
      'abort',
      () => {
        for (const each of onSignal) each()
        onSignal.clear()
      },
      { once: true },
    )
    callbacks = onSignal
  }
  // A wrapper, so that one function watched twice is two watches.
  const watch = () => callback()
  callbacks.add(watch)
  const watching = callbacks
  return () => {
    watching.delete(watch)
  }
}
