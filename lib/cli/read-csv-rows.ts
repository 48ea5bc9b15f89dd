import { CliError } from './cli-error.js'

/** One CSV record: the line it starts on, its fields, and what is malformed about it. */
export interface CsvRow {
  readonly line: number
  readonly fields: readonly string[]
  /** Set when the row is malformed; `fields` is then a best-effort reading. */
  readonly problem?: string
}

/** Options for `readCsvRows`. */
export interface ReadCsvRowsOptions {
  /**
   * The most characters one record may hold. An unclosed quote would
   * otherwise read the rest of the file into one field. Default 1 MiB.
   */
  readonly maxRecordLength?: number
}

/**
 * Reads CSV (RFC 4180) records from lines, one record at a time: fields are
 * separated by commas; a field in double quotes may hold commas, line breaks
 * and doubled quotes (`""`). Empty lines between records are skipped. A
 * malformed record (a quote inside an unquoted field, text after a closing
 * quote, a quote never closed) is yielded with its `problem`, so the caller
 * reports its line and goes on. A record longer than `maxRecordLength`
 * throws: past an unclosed quote there is no telling where records start.
 *
 * @example
 * for await (const row of readCsvRows(readLines(createReadStream('users.csv')))) { … }
 */
export async function* readCsvRows(
  lines: AsyncIterable<string>,
  options: ReadCsvRowsOptions = {},
): AsyncGenerator<CsvRow> {
  const maxRecordLength = options.maxRecordLength ?? 1024 * 1024
  let lineNumber = 0
  let fields: string[] = []
  let field = ''
  let quoted = false
  let afterQuote = false
  let start = 0
  let length = 0
  let problem: string | undefined

  for await (const rawLine of lines) {
    lineNumber += 1
    const text = lineNumber === 1 && rawLine.startsWith('\uFEFF') ? rawLine.slice(1) : rawLine
    if (!quoted) {
      if (text === '') continue
      start = lineNumber
      fields = []
      field = ''
      afterQuote = false
      length = 0
      problem = undefined
    } else {
      field += '\n'
    }
    length += text.length + 1
    if (length > maxRecordLength) {
      throw new CliError(
        'CSV_RECORD_TOO_LONG',
        `line ${start}: a quoted field is not closed within ${maxRecordLength} characters; check the quotes on that line`,
      )
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string
      if (quoted) {
        if (c !== '"') field += c
        else if (text[i + 1] === '"') {
          field += '"'
          i += 1
        } else {
          quoted = false
          afterQuote = true
        }
      } else if (c === ',') {
        fields.push(field)
        field = ''
        afterQuote = false
      } else if (c === '"' && field === '' && !afterQuote) {
        quoted = true
      } else {
        if (afterQuote) problem ??= 'text after a closing quote: a quoted field must end at a comma'
        else if (c === '"') {
          problem ??=
            'a quote inside an unquoted field: quote the whole field and double the quote ("")'
        }
        field += c
      }
    }
    if (!quoted) {
      fields.push(field)
      yield problem === undefined ? { line: start, fields } : { line: start, fields, problem }
    }
  }
  if (quoted) {
    fields.push(field)
    yield {
      line: start,
      fields,
      problem: 'a quoted field is not closed before the end of the file',
    }
  }
}
