/** One line of a list diff: kept, removed or added. */
export interface ListDiffLine<T> {
  readonly op: ' ' | '-' | '+'
  readonly item: T
}

/**
 * The shortest edit from `before` to `after` by longest common subsequence,
 * removals before additions at each point, for showing how a list of claims
 * changed. Lists here are short (a user's claims), so O(n·m) is fine.
 *
 * @example
 * diffLists(['a', 'b'], ['a', 'c'], (x) => x) // [{ op: ' ', item: 'a' }, { op: '-', item: 'b' }, { op: '+', item: 'c' }]
 */
export function diffLists<T>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
): ListDiffLine<T>[] {
  const a = before.map(keyOf)
  const b = after.map(keyOf)
  const common: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  )
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = common[i] as number[]
      row[j] =
        a[i] === b[j]
          ? (common[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0)
    }
  }
  const lines: ListDiffLine<T>[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ op: ' ', item: before[i] as T })
      i += 1
      j += 1
    } else if (
      j >= b.length ||
      (i < a.length && (common[i + 1]?.[j] ?? 0) >= (common[i]?.[j + 1] ?? 0))
    ) {
      lines.push({ op: '-', item: before[i] as T })
      i += 1
    } else {
      lines.push({ op: '+', item: after[j] as T })
      j += 1
    }
  }
  return lines
}
