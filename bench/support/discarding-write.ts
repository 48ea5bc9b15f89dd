import { openSync, writeSync } from 'node:fs'

let devNull: number | undefined

/**
 * Writes a log or metrics line to /dev/null with one synchronous write, as
 * Lambda's Node.js runtime writes standard output to its log pipe: the line
 * is still built and written, so its cost stays in the measurement, but the
 * benchmark's own output stays readable.
 *
 * @example
 * const logger = createLogger({ level: 'info', write: discardingWrite })
 */
export function discardingWrite(line: string): void {
  devNull ??= openSync('/dev/null', 'w')
  writeSync(devNull, `${line}\n`)
}
