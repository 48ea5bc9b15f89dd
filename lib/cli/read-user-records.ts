import type { Claim, StoredUser } from '../core/index.js'
import { CliError } from './cli-error.js'
import { type CsvRow, readCsvRows } from './read-csv-rows.js'
import { type UserRecordProblem, validateUserRecord } from './validate-user-record.js'

/** A record that could not be imported, by the line it is on. */
export interface ImportFailure {
  readonly line: number
  /** The user's sub, when the record names one. */
  readonly sub?: string
  readonly message: string
}

/** A user read from an import file: valid, or failed with the line of each problem. */
export type UserImportEntry =
  | { readonly ok: true; readonly line: number; readonly user: StoredUser }
  | {
      readonly ok: false
      readonly line: number
      readonly sub?: string
      readonly failures: readonly ImportFailure[]
    }

function problemText(problem: UserRecordProblem): string {
  return `${problem.message} (${problem.hint})`
}

function subOf(record: unknown): string | undefined {
  const sub = (record as { sub?: unknown } | null)?.sub
  return typeof sub === 'string' && sub !== '' ? sub : undefined
}

/**
 * Users from JSON Lines: one JSON object `{ sub, active?, claims }` per
 * line, checked with the configuration file's rules. Empty lines are
 * skipped; a line that is not JSON or not a valid user fails with its line
 * number.
 *
 * @example
 * for await (const entry of readJsonLinesUsers(lines)) if (!entry.ok) console.error(entry.failures)
 */
export async function* readJsonLinesUsers(
  lines: AsyncIterable<string>,
): AsyncGenerator<UserImportEntry> {
  let line = 0
  for await (const rawLine of lines) {
    line += 1
    const text = line === 1 && rawLine.startsWith('\uFEFF') ? rawLine.slice(1) : rawLine
    if (text.trim() === '') continue
    let record: unknown
    try {
      record = JSON.parse(text)
    } catch (error) {
      const message = `not valid JSON: ${(error as Error).message}`
      yield { ok: false, line, failures: [{ line, message }] }
      continue
    }
    const sub = subOf(record)
    const result = validateUserRecord(record)
    if (result.ok) {
      yield { ok: true, line, user: result.user }
    } else {
      const failures = result.problems.map((problem) => ({
        line,
        ...(sub === undefined ? {} : { sub }),
        message: problemText(problem),
      }))
      yield { ok: false, line, ...(sub === undefined ? {} : { sub }), failures }
    }
  }
}

/** The columns of a users CSV file. */
export const CSV_COLUMNS = Object.freeze(['sub', 'type', 'value', 'valueType', 'active'] as const)
const REQUIRED_COLUMNS = ['sub', 'type', 'value'] as const

type Column = (typeof CSV_COLUMNS)[number]

function readHeader(row: CsvRow): Map<Column, number> {
  const invalid = (why: string) =>
    new CliError(
      'CSV_HEADER_INVALID',
      `line ${row.line}: ${why}; the first line must name the columns sub,type,value and optionally valueType,active`,
    )
  if (row.problem !== undefined) throw invalid(row.problem)
  const columns = new Map<Column, number>()
  row.fields.forEach((name, index) => {
    const column = name.trim() as Column
    if (!CSV_COLUMNS.includes(column)) throw invalid(`unknown column ${JSON.stringify(name)}`)
    if (columns.has(column)) throw invalid(`column ${column} appears twice`)
    columns.set(column, index)
  })
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column))
  if (missing.length > 0)
    throw invalid(`column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`)
  return columns
}

interface CsvGroup {
  readonly sub: string
  readonly line: number
  active: boolean | undefined
  activeLine: number
  readonly claims: Claim[]
  readonly claimLines: number[]
  readonly failures: ImportFailure[]
}

function finishGroup(group: CsvGroup): UserImportEntry {
  const { sub, line } = group
  if (group.failures.length > 0) return { ok: false, line, sub, failures: group.failures }
  const result = validateUserRecord({ sub, active: group.active ?? true, claims: group.claims })
  if (result.ok) return { ok: true, line, user: result.user }
  const failures = result.problems.map((problem) => {
    const claim = /^claims\[(\d+)\]/.exec(problem.path)
    const at = claim === null ? line : (group.claimLines[Number(claim[1])] ?? line)
    return { line: at, sub, message: problemText(problem) }
  })
  return { ok: false, line, sub, failures }
}

/**
 * Users from CSV with the header `sub,type,value,valueType,active` (any
 * order; valueType and active optional): one row per claim, the rows of one
 * user consecutive. A row with an empty type and value holds no claim (a
 * user without claims); `active` is true, false or empty, and the rows of a
 * user must not disagree. Each user is checked with the configuration
 * file's rules; a problem fails the whole user, with the line of the row at
 * fault. Rows are read as a stream; only one user's rows are held.
 *
 * @example
 * for await (const entry of readCsvUsers(lines)) if (entry.ok) console.log(entry.user.sub)
 */
export async function* readCsvUsers(lines: AsyncIterable<string>): AsyncGenerator<UserImportEntry> {
  let columns: Map<Column, number> | undefined
  let group: CsvGroup | undefined
  for await (const row of readCsvRows(lines)) {
    if (columns === undefined) {
      columns = readHeader(row)
      continue
    }
    const cell = (column: Column) => {
      const index = columns?.get(column)
      return index === undefined ? '' : (row.fields[index] ?? '')
    }
    const sub = cell('sub')
    if (sub === '') {
      const message = row.problem ?? 'sub is empty'
      yield { ok: false, line: row.line, failures: [{ line: row.line, message }] }
      continue
    }
    if (group !== undefined && group.sub !== sub) {
      yield finishGroup(group)
      group = undefined
    }
    group ??= {
      sub,
      line: row.line,
      active: undefined,
      activeLine: row.line,
      claims: [],
      claimLines: [],
      failures: [],
    }
    const fail = (message: string) => group?.failures.push({ line: row.line, sub, message })
    if (row.problem !== undefined) {
      fail(row.problem)
      continue
    }
    if (row.fields.length !== columns.size) {
      fail(
        `expected ${columns.size} fields, found ${row.fields.length}; quote fields that contain commas`,
      )
      continue
    }
    const activeText = cell('active').trim().toLowerCase()
    if (activeText !== '') {
      if (activeText !== 'true' && activeText !== 'false') {
        fail(
          `active ${JSON.stringify(cell('active'))} is not true or false (leave it empty for true)`,
        )
        continue
      }
      const active = activeText === 'true'
      if (group.active !== undefined && group.active !== active) {
        fail(
          `active is ${active} here but ${group.active} on line ${group.activeLine}; give one value per user`,
        )
        continue
      }
      group.active = active
      group.activeLine = row.line
    }
    const type = cell('type')
    const value = cell('value')
    const valueType = cell('valueType')
    if (type === '' && value === '' && valueType === '') continue
    group.claims.push(valueType === '' ? { type, value } : { type, value, valueType })
    group.claimLines.push(row.line)
  }
  if (group !== undefined) yield finishGroup(group)
}
