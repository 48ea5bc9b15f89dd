/**
 * Hands out fresh copies of `event`, `count` of them made up front, so the
 * copying stays out of the timed calls. Each copy is parsed from JSON, as
 * Lambda's runtime parses each invocation's payload (a structured clone
 * would build objects V8 reads more slowly), and no handler sees an event
 * another call changed (the header normalizer rewrites `headers` in place).
 * Past `count` it parses on demand.
 *
 * @example
 * const nextEvent = eventSupply(event, 2_000)
 * await handler(nextEvent(), context)
 */
export function eventSupply<T>(event: T, count: number): () => T {
  const text = JSON.stringify(event)
  const copies = Array.from({ length: count }, () => JSON.parse(text) as T)
  let next = 0
  return () => (next < copies.length ? (copies[next++] as T) : (JSON.parse(text) as T))
}
