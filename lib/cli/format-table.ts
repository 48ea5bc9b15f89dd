/** Options for `formatTable`. */
export interface FormatTableOptions {
  /** The widest a line may be; the last column is cut to fit. Default: no limit. */
  readonly width?: number | undefined
}

// ANSI colour codes take no room on screen.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC.
const ESCAPES = /\u001b\[[0-9;]*m/g
const visibleLength = (text: string) => text.replace(ESCAPES, '').length

/**
 * Rows as a table with aligned columns, two spaces apart, under a header
 * line; for a terminal. Cells never break a line: line breaks become `⏎`.
 *
 * @example
 * formatTable(['CLAIM', 'RESULT'], [['role', 'emitted']])
 * // 'CLAIM  RESULT\nrole   emitted\n'
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: FormatTableOptions = {},
): string {
  const clean = (cell: string) => cell.replace(/\r?\n/g, '⏎')
  const all = [header, ...rows].map((row) => row.map(clean))
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => visibleLength(row[column] ?? ''))),
  )
  const lines = all.map((row) => {
    const cells = row.map((cell, column) =>
      column === row.length - 1
        ? cell
        : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell)),
    )
    let line = cells.join('  ').trimEnd()
    if (
      options.width !== undefined &&
      visibleLength(line) > options.width &&
      !line.includes('\u001b[')
    ) {
      line = `${line.slice(0, Math.max(0, options.width - 1))}…`
    }
    return line
  })
  return `${lines.join('\n')}\n`
}
