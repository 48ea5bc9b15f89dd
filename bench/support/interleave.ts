/** Per-call timings of two operations measured in turn, in milliseconds. */
export interface InterleavedTimings {
  readonly candidate: number[]
  readonly reference: number[]
}

async function time(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await operation()
  return performance.now() - started
}

/**
 * Runs `candidate` and `reference` `iterations` times each, in pairs, and
 * alternates which of the two goes first, so that a load spike from another
 * process, a GC pause or a JIT tier-up falls on both alike. Only ratios of
 * the two are meaningful on a shared machine.
 *
 * @example
 * const { candidate, reference } = await interleave(() => handler(event, context), getItem, 2000)
 */
export async function interleave(
  candidate: () => Promise<unknown>,
  reference: () => Promise<unknown>,
  iterations: number,
): Promise<InterleavedTimings> {
  const timings: InterleavedTimings = { candidate: [], reference: [] }
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      timings.candidate.push(await time(candidate))
      timings.reference.push(await time(reference))
    } else {
      timings.reference.push(await time(reference))
      timings.candidate.push(await time(candidate))
    }
  }
  return timings
}
