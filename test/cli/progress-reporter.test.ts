import { describe, expect, it } from 'vitest'
import { backoffDelay, resolveRetryOptions } from '../../lib/cli/backoff.js'
import { createProgressReporter, type ImportProgress } from '../../lib/cli/index.js'
import { CapturedOutput } from './support.js'

const at = (records: number, extra: Partial<ImportProgress> = {}): ImportProgress => ({
  records,
  written: records,
  skipped: 0,
  failed: 0,
  ...extra,
})

describe('createProgressReporter', () => {
  it('writes a plain line every N records when no one watches', () => {
    const stream = new CapturedOutput()
    let now = 0
    const progress = createProgressReporter({
      stream,
      interactive: false,
      every: 100,
      now: () => now,
    })
    for (let records = 1; records <= 250; records++) {
      now = records * 10
      progress.update(at(records))
    }
    progress.done()
    expect(stream.text).toBe(
      '100 records read: 100 written, 0 skipped, 0 failed (100 records/s)\n200 records read: 200 written, 0 skipped, 0 failed (100 records/s)\n',
    )
  })

  it('redraws one bar in place at most every 100 ms on a terminal, with the time left', () => {
    const stream = new CapturedOutput(true)
    let now = 0
    const progress = createProgressReporter({ stream, interactive: true, now: () => now })
    now = 1000
    progress.update(at(500, { bytesRead: 250, totalBytes: 1000 }))
    now = 1050
    progress.update(at(510, { bytesRead: 260, totalBytes: 1000 }))
    progress.done()
    expect(stream.text).toBe(
      '\r\u001b[2K[██████░░░░░░░░░░░░░░░░░░]  25% 500 records · 500/s · ETA 0:03 · 500 written, 0 skipped, 0 failed\r\u001b[2K',
    )
  })
})

describe('backoffDelay', () => {
  it('doubles its ceiling per retry up to the maximum, with full jitter', () => {
    const options = resolveRetryOptions({ baseDelayMs: 50, maxDelayMs: 1000, random: () => 0.99 })
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, options))).toEqual([
      49, 99, 198, 396, 792, 990,
    ])
    expect(backoffDelay(3, resolveRetryOptions({ random: () => 0 }))).toBe(0)
  })

  it('refuses a number of attempts below one', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(TypeError)
  })
})
