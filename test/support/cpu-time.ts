/**
 * Milliseconds of CPU this process spent (user and system) since `since`,
 * a `process.cpuUsage()` reading. Work bounds in tests use it rather than
 * the wall clock: a machine shared with other jobs stretches wall time
 * several-fold, but not the CPU time a parse or a handler takes.
 *
 * @example
 * const since = process.cpuUsage()
 * parse(text)
 * expect(cpuMillisSince(since)).toBeLessThan(3_000)
 */
export function cpuMillisSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}
