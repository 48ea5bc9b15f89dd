/**
 * A plain-text table: the first `left` columns (default 1) left-aligned, the
 * others right-aligned (they hold numbers), two spaces between columns.
 *
 * @example
 * formatTable(['function', 'KiB'], [['userinfo', '64.0']])
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left = 1,
): string {
  const all = [header, ...rows]
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  )
  const line = (row: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = row[column] ?? ''
        return column < left ? cell.padEnd(width) : cell.padStart(width)
      })
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  )
}
