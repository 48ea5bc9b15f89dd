import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeenSubs } from '../../lib/cli/seen-subs.js'

describe('SeenSubs', () => {
  it('answers as a Map of first lines would, through every growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 8 }), { maxLength: 3000 }),
        (subs) => {
          const seen = new SeenSubs()
          const oracle = new Map<string, number>()
          subs.forEach((sub, index) => {
            const line = index + 1
            expect(seen.firstSeen(sub, line)).toBe(oracle.get(sub))
            if (!oracle.has(sub)) oracle.set(sub, line)
          })
          expect(seen.size).toBe(oracle.size)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('keeps 100,000 subs apart and finds each one again', () => {
    const seen = new SeenSubs()
    const sub = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`
    for (let i = 0; i < 100_000; i++) expect(seen.firstSeen(sub(i), i + 1)).toBeUndefined()
    for (let i = 0; i < 100_000; i += 997) expect(seen.firstSeen(sub(i), 200_000)).toBe(i + 1)
    expect(seen.size).toBe(100_000)
  })

  it('refuses a line that is not a positive 32-bit integer', () => {
    const seen = new SeenSubs()
    for (const line of [0, -1, 1.5, 2 ** 32, Number.NaN]) {
      expect(() => seen.firstSeen('u', line)).toThrow(RangeError)
    }
    expect(seen.size).toBe(0)
  })
})
