import { describe, expect, it } from 'vitest'
import { deadlineSignal } from '../../lib/runtime/index.js'

describe('deadlineSignal', () => {
  it('aborts the margin before the deadline', async () => {
    const signal = deadlineSignal(60, 40)
    expect(signal.aborted).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(signal.aborted).toBe(true)
    expect((signal.reason as Error).name).toBe('TimeoutError')
  })

  it('aborts at once when the margin exceeds the time left', async () => {
    const signal = deadlineSignal(100, 500)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(signal.aborted).toBe(true)
  })
})
