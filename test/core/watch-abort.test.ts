import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { watchAbort } from '../../lib/core/index.js'

describe('watchAbort', () => {
  it('calls every watch once when the signal aborts, in the order they were made', () => {
    const controller = new AbortController()
    const calls: string[] = []
    watchAbort(controller.signal, () => calls.push('first'))
    watchAbort(controller.signal, () => calls.push('second'))

    controller.abort()
    controller.abort()
    expect(calls).toEqual(['first', 'second'])
  })

  it('never calls a watch that was stopped', () => {
    const controller = new AbortController()
    const calls: string[] = []
    const stop = watchAbort(controller.signal, () => calls.push('stopped'))
    watchAbort(controller.signal, () => calls.push('kept'))

    stop()
    controller.abort()
    expect(calls).toEqual(['kept'])
  })

  it('adds one listener to a signal however many watches come and go', () => {
    const controller = new AbortController()
    for (let i = 0; i < 50; i++) watchAbort(controller.signal, () => {})()
    const open = Array.from({ length: 20 }, () => watchAbort(controller.signal, () => {}))

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
    for (const stop of open) stop()
  })

  it('keeps two watches of one function apart', () => {
    const controller = new AbortController()
    let calls = 0
    const callback = () => {
      calls += 1
    }
    const stopFirst = watchAbort(controller.signal, callback)
    watchAbort(controller.signal, callback)

    stopFirst()
    controller.abort()
    expect(calls).toBe(1)
  })

  it('hands the reason over through the signal', () => {
    const controller = new AbortController()
    const reasons: unknown[] = []
    watchAbort(controller.signal, () => reasons.push(controller.signal.reason))
    const reason = new DOMException('the invocation deadline is near', 'TimeoutError')

    controller.abort(reason)
    expect(reasons).toEqual([reason])
  })
})
