import { StringDecoder } from 'node:string_decoder'
import { CliError } from './cli-error.js'

/**
 * The longest line `readLines` accepts, in characters: far above any user a
 * DynamoDB item can hold (400 KB), so only a file that is not line-based
 * (or has lost its line breaks) reaches it.
 */
export const MAX_LINE_LENGTH = 4 * 1024 * 1024

/**
 * The lines of a UTF-8 byte stream, without their `\n` or `\r\n`, read only
 * as fast as they are consumed. `node:readline`'s async iterator reads on
 * regardless of its consumer, so an import slower than the disk held the
 * whole file in memory; here the next chunk is asked for only when the lines
 * of the last one have been taken, and the stream's own backpressure does
 * the rest. A line longer than `maxLineLength` fails with its line number
 * rather than growing without bound.
 *
 * @example
 * for await (const line of readLines(createReadStream('users.jsonl'))) console.log(line)
 */
export async function* readLines(
  input: AsyncIterable<Buffer | string>,
  maxLineLength: number = MAX_LINE_LENGTH,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let line = 0
  const take = (text: string): string => {
    line += 1
    return text.endsWith('\r') ? text.slice(0, -1) : text
  }
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk)
    let start = 0
    let end = pending.indexOf('\n')
    while (end !== -1) {
      yield take(pending.slice(start, end))
      start = end + 1
      end = pending.indexOf('\n', start)
    }
    pending = start === 0 ? pending : pending.slice(start)
    if (pending.length > maxLineLength) {
      throw new CliError(
        'CLI_LINE_TOO_LONG',
        `line ${line + 1} is longer than ${maxLineLength} characters: each record must be on a line of its own (is the file JSON Lines or CSV, with its line breaks?)`,
      )
    }
  }
  pending += decoder.end()
  if (pending !== '') yield take(pending)
}
