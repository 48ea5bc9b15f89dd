import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Transform } from 'node:stream'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { ClaimsmithError } from '../core/errors.js'
import { type RetryOptions, resolveRetryOptions } from './backoff.js'
import { describeError } from './describe-error.js'
import { fileError } from './load-configuration-file.js'
import { readLines } from './read-lines.js'
import {
  type ImportFailure,
  readCsvUsers,
  readJsonLinesUsers,
  type UserImportEntry,
} from './read-user-records.js'
import { SeenSubs } from './seen-subs.js'
import { BATCH_WRITE_LIMIT, type UserToWrite, writeUserBatch } from './write-user-batch.js'

/** The formats `users import` reads. */
export type UserImportFormat = 'jsonl' | 'csv'

/** Where an import stands, for a progress display. */
export interface ImportProgress {
  /** Records read so far (users; for CSV, groups of rows). */
  readonly records: number
  readonly written: number
  readonly skipped: number
  readonly failed: number
  /** Bytes of the file read so far, and its size, when reading a file. */
  readonly bytesRead?: number
  readonly totalBytes?: number
}

/** The outcome of an import. */
export interface ImportResult {
  readonly records: number
  readonly written: number
  readonly skipped: number
  readonly failed: number
  /** Each problem with its line, in line order. */
  readonly failures: readonly ImportFailure[]
}

/** Options for `importUsers`. */
export interface ImportUsersOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Batches written at the same time. Default 4. */
  readonly concurrency?: number
  readonly retry?: RetryOptions
  /** Told after every record and every batch. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Told about each failure as it happens. */
  readonly onFailure?: (failure: ImportFailure) => void
  readonly signal?: AbortSignal
}

/**
 * A request to DynamoDB failed outright (after the SDK's own retries) and
 * the import stopped; `result` is what was done up to then. Importing again
 * skips the users already written.
 */
export class ImportStoppedError extends ClaimsmithError {
  override readonly name: string = 'ImportStoppedError'
  readonly result: ImportResult

  constructor(line: number, result: ImportResult, cause: unknown) {
    super(
      'IMPORT_STOPPED',
      `import stopped at the batch starting on line ${line}: ${describeError(cause)}. ${result.written} written, ${result.skipped} skipped, ${result.failed} failed before it; records after it were not read. Run the import again: users already written are skipped.`,
      { cause },
    )
    this.result = result
  }
}

/**
 * Imports users into the table as they are read: each valid user is put
 * whole (see `writeUserBatch`), 25 to a BatchWriteItem, `concurrency`
 * batches at a time, so memory holds a few batches and the subs seen (to
 * refuse a user that appears twice, 20 bytes each: `SeenSubs`), never the
 * whole file. A user already
 * stored as in the record is skipped. Invalid records and writes DynamoDB
 * keeps refusing are failures with their line; a request that fails outright
 * stops the import with `ImportStoppedError`.
 *
 * @example
 * const result = await importUsers(readJsonLinesUsers(lines), { client, tableName: 'claims' })
 * console.log(result.written, result.skipped, result.failed)
 */
export async function importUsers(
  entries: AsyncIterable<UserImportEntry>,
  options: ImportUsersOptions,
): Promise<ImportResult> {
  return runImport(entries, options, () => ({}))
}

async function runImport(
  entries: AsyncIterable<UserImportEntry>,
  options: ImportUsersOptions,
  progressExtra: () => Pick<ImportProgress, 'bytesRead' | 'totalBytes'>,
): Promise<ImportResult> {
  const concurrency = options.concurrency ?? 4
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new TypeError('importUsers: concurrency must be a positive integer')
  }
  const retry = resolveRetryOptions(options.retry)
  let records = 0
  let written = 0
  let skipped = 0
  const failures: ImportFailure[] = []
  const failedRecords = new Set<number>()
  const seen = new SeenSubs()
  const inFlight = new Set<Promise<void>>()
  let stopped: { line: number; cause: unknown } | undefined

  const result = (): ImportResult => ({
    records,
    written,
    skipped,
    failed: failedRecords.size,
    failures: [...failures].sort((a, b) => a.line - b.line),
  })
  const report = () =>
    options.onProgress?.({
      records,
      written,
      skipped,
      failed: failedRecords.size,
      ...progressExtra(),
    })
  const fail = (recordLine: number, failure: ImportFailure) => {
    failures.push(failure)
    failedRecords.add(recordLine)
    options.onFailure?.(failure)
  }

  const launch = (batch: UserToWrite[]) => {
    const line = batch[0]?.line ?? 0
    const task: Promise<void> = writeUserBatch(
      options.client,
      options.tableName,
      batch,
      retry,
      options.signal,
    )
      .then((outcome) => {
        written += outcome.written
        skipped += outcome.skipped
        for (const failure of outcome.failures) fail(failure.line, failure)
        report()
      })
      .catch((cause: unknown) => {
        stopped ??= { line, cause }
      })
      .finally(() => inFlight.delete(task))
    inFlight.add(task)
  }

  let batch: UserToWrite[] = []
  try {
    for await (const entry of entries) {
      records += 1
      if (!entry.ok) {
        for (const failure of entry.failures) fail(entry.line, failure)
      } else {
        const earlier = seen.firstSeen(entry.user.sub, entry.line)
        if (earlier !== undefined) {
          fail(entry.line, {
            line: entry.line,
            sub: entry.user.sub,
            message: `user ${entry.user.sub} already appeared on line ${earlier}; give each user once (in CSV, keep a user's rows together)`,
          })
        } else {
          batch.push({ line: entry.line, user: entry.user })
          if (batch.length === BATCH_WRITE_LIMIT) {
            launch(batch)
            batch = []
            while (inFlight.size >= concurrency) await Promise.race(inFlight)
          }
        }
      }
      report()
      if (stopped !== undefined) break
    }
    if (stopped === undefined && batch.length > 0) launch(batch)
  } finally {
    // Even when reading fails, the batches already sent finish before the import returns.
    await Promise.all(inFlight)
  }
  if (stopped !== undefined) throw new ImportStoppedError(stopped.line, result(), stopped.cause)
  return result()
}

/** The format a file name implies: `.csv` is CSV, `.jsonl`, `.ndjson` and `.json` JSON Lines. */
export function importFormatOf(fileName: string): UserImportFormat | undefined {
  if (/\.csv$/i.test(fileName)) return 'csv'
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl'
  return undefined
}

/** Options for `importUsersFromFile`. */
export interface ImportUsersFromFileOptions extends ImportUsersOptions {
  readonly format: UserImportFormat
}

/**
 * Imports users from a JSON Lines or CSV file, or from a stream (`-` in the
 * CLI, stdin), read line by line as the writes keep up (`readLines`), so
 * memory does not grow with the file. Progress carries
 * the bytes read and, for a file, its size.
 *
 * @example
 * const result = await importUsersFromFile('users.jsonl', { client, tableName: 'claims', format: 'jsonl' })
 */
export async function importUsersFromFile(
  source: string | NodeJS.ReadableStream,
  options: ImportUsersFromFileOptions,
): Promise<ImportResult> {
  let totalBytes: number | undefined
  let input: NodeJS.ReadableStream
  if (typeof source === 'string') {
    try {
      totalBytes = (await stat(source)).size
    } catch (error) {
      throw fileError(error, source)
    }
    input = createReadStream(source)
  } else {
    input = source
  }
  let bytesRead = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytesRead += chunk.length
      callback(null, chunk)
    },
  })
  input.on('error', (error) => counter.destroy(error))
  input.pipe(counter)
  const lines = readLines(counter)
  const entries = options.format === 'csv' ? readCsvUsers(lines) : readJsonLinesUsers(lines)
  try {
    return await runImport(entries, options, () => ({
      bytesRead,
      ...(totalBytes === undefined ? {} : { totalBytes }),
    }))
  } catch (error) {
    // A read error surfaces from the line iterator; say which file it was.
    if ((error as NodeJS.ErrnoException).syscall !== undefined) {
      throw fileError(error, typeof source === 'string' ? source : 'stdin')
    }
    throw error
  } finally {
    await lines.return(undefined)
    counter.destroy()
    if (typeof source === 'string') (input as ReturnType<typeof createReadStream>).destroy()
  }
}
