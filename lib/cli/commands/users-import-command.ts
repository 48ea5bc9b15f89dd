import type { CommandContext } from '../command-context.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import {
  type ImportResult,
  ImportStoppedError,
  importFormatOf,
  importUsersFromFile,
  type UserImportFormat,
} from '../import-users.js'
import { openClaimsTable } from '../open-claims-table.js'
import { positiveIntegerValue, stringValue } from '../parse-command-line.js'
import { createProgressReporter } from '../progress-reporter.js'
import { UsageError } from '../usage-error.js'

const COMMAND = 'users import'

function summary(context: CommandContext, fileName: string, result: ImportResult): void {
  context.out(
    `Imported ${fileName}: ${result.written} written, ${result.skipped} skipped (already up to date), ${result.failed} failed.`,
  )
  if (result.failures.length > 0) {
    const lines = [...new Set(result.failures.map((failure) => failure.line))]
    context.out(`Failed lines: ${lines.join(', ')}`)
  }
}

/** `claimsmith users import <file>`: many users from JSON Lines or CSV. */
export const usersImportCommand: CommandDefinition = {
  name: COMMAND,
  summary: 'import users from a JSON Lines or CSV file, streaming, in batches',
  usage: 'claimsmith users import <file|-> --table <name> [--format jsonl|csv] [--concurrency <n>]',
  description: [
    'JSON Lines: one user per line, {"sub": "…", "active": true, "claims": [{"type": "…", "value": "…", "valueType": "…"}]}; active is optional (true). CSV: a header naming sub,type,value and optionally valueType,active, then one row per claim; the rows of one user must be consecutive; a row with an empty type and value gives a user without claims. Fields with commas, quotes or line breaks are quoted, quotes doubled. The format follows the extension (.jsonl, .ndjson, .json, .csv) unless --format says otherwise; - reads stdin.',
    'The file is read as a stream: each user is checked with the rules of validate, then written whole, 25 to a BatchWriteItem, a few batches at a time; items DynamoDB leaves unprocessed are retried with exponential back-off and jitter. A user stored exactly as in the file is skipped, a new one gets version 1, a changed one its stored version plus one. Batch writes carry no condition: a change made to a user while the import writes it is overwritten (last writer wins). A sub given twice fails on its second line.',
    'Progress goes to stderr: a bar with rate and time left on a terminal, a line every 1,000 records otherwise. At the end: the counts written, skipped and failed, and each failure with its line. Exits with 1 when any record failed.',
  ],
  options: {
    ...TABLE_OPTIONS,
    format: {
      type: 'string',
      placeholder: 'jsonl|csv',
      description: 'the file format (default: from the extension)',
    },
    concurrency: {
      type: 'string',
      placeholder: 'n',
      description: 'batches written at the same time (default 4)',
    },
  },
  positionals: { min: 1, max: 1, names: 'file (the users file, or - for stdin)' },
  examples: [
    {
      command: 'claimsmith users import users.jsonl --table claims',
      description: 'imports JSON Lines',
    },
    {
      command: 'gunzip -c users.csv.gz | claimsmith users import - --format csv --table claims',
      description: 'imports CSV from stdin',
    },
  ],
  async run(context, { values, positionals }) {
    const fileName = positionals[0] as string
    const formatText = stringValue(values, 'format') ?? importFormatOf(fileName)
    if (formatText === undefined) {
      throw new UsageError(
        `cannot tell the format of ${fileName}: pass --format jsonl or --format csv`,
        COMMAND,
      )
    }
    if (formatText !== 'jsonl' && formatText !== 'csv') {
      throw new UsageError(
        `--format must be jsonl or csv, not ${JSON.stringify(formatText)}`,
        COMMAND,
      )
    }
    const concurrency = positiveIntegerValue(values, 'concurrency', COMMAND, 4)
    const { client, tableName } = openClaimsTable(context, values, COMMAND)
    if (fileName === '-' && context.stdin === undefined)
      throw new UsageError('no stdin to read', COMMAND)
    const source =
      fileName === '-' ? (context.stdin as NodeJS.ReadableStream) : context.resolvePath(fileName)
    const progress = createProgressReporter({
      stream: context.stderr,
      interactive: context.interactiveProgress,
    })
    let result: ImportResult
    try {
      result = await importUsersFromFile(source, {
        client,
        tableName,
        format: formatText as UserImportFormat,
        concurrency,
        onProgress: (update) => progress.update(update),
        onFailure: (failure) => {
          progress.done()
          context.err(`${fileName}:${failure.line}: ${failure.message}`)
        },
      })
    } catch (error) {
      progress.done()
      if (error instanceof ImportStoppedError) summary(context, fileName, error.result)
      throw error
    }
    progress.done()
    summary(context, fileName, result)
    return result.failed > 0 ? 1 : 0
  },
}
