import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startDeadline } from '../../lib/middleware/index.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('startDeadline', () => {
  it('aborts the margin before the deadline, with a TimeoutError', async () => {
    const { signal } = startDeadline(60, 40)
    expect(signal.aborted).toBe(false)
    await sleep(120)
    expect(signal.aborted).toBe(true)
    expect((signal.reason as Error).name).toBe('TimeoutError')
  })

  it('aborts at once when the margin exceeds the time left', async () => {
    const { signal } = startDeadline(100, 500)
    await sleep(20)
    expect(signal.aborted).toBe(true)
  })

  it('never aborts once cleared', async () => {
    const deadline = startDeadline(30, 0)
    deadline.clear()
    await sleep(80)
    expect(deadline.signal.aborted).toBe(false)
  })

  it('aborts at once when abandoned, with an AbortError, and not again at the deadline', async () => {
    const deadline = startDeadline(30, 0)
    const reasons: unknown[] = []
    deadline.signal.addEventListener('abort', () => reasons.push(deadline.signal.reason))
    deadline.abandon()
    expect(deadline.signal.aborted).toBe(true)
    await sleep(80)
    expect(reasons).toHaveLength(1)
    expect((reasons[0] as Error).name).toBe('AbortError')
  })

  it('does not keep a process alive while it is pending', () => {
    // A CLI or a test may exit with a deadline pending: the timer is unreferenced.
    const started = performance.now()
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "const { startDeadline } = await import('./lib/middleware/deadline.ts'); startDeadline(60_000, 0)",
      ],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)), timeout: 20_000 },
    )
    expect(performance.now() - started).toBeLessThan(20_000)
  })
})
