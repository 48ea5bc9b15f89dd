export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type LogFields = Record<string, unknown>

/**
 * A structured JSON logger: one line per entry, as CloudWatch Logs Insights
 * reads it. Callers pass claim types and counts, never claim values.
 *
 * @example
 * logger.info('claims issued', { triggerSource, clientId, issued: 4 })
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** A logger that adds `fields` to every entry. */
  child(fields: LogFields): Logger
}

export interface LoggerOptions {
  readonly level?: LogLevel | undefined
  readonly fields?: LogFields | undefined
  /** Where a line goes; standard output by default. */
  readonly write?: ((line: string) => void) | undefined
  readonly now?: (() => Date) | undefined
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Errors become plain fields: JSON.stringify would drop their message and stack. */
function toLoggable(value: unknown): unknown {
  if (!(value instanceof Error)) return value
  const out: LogFields = { name: value.name, message: value.message }
  const code = (value as { code?: unknown }).code
  if (code !== undefined) out.code = code
  if (value.stack) out.stack = value.stack
  if (value.cause !== undefined) out.cause = toLoggable(value.cause)
  return out
}

/**
 * Creates a JSON-lines logger.
 *
 * @example
 * const logger = createLogger({ level: 'info', fields: { service: 'pre-token-generation' } })
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new JsonLinesLogger(
    {
      threshold: RANK[options.level ?? 'info'],
      write: options.write ?? ((line: string) => process.stdout.write(`${line}\n`)),
      now: options.now ?? (() => new Date()),
    },
    options.fields ?? {},
  )
}

interface JsonLinesOutput {
  readonly threshold: number
  readonly write: (line: string) => void
  readonly now: () => Date
}

// A class, so that `child`, made for every invocation, costs one object of fields.
class JsonLinesLogger implements Logger {
  readonly #output: JsonLinesOutput
  readonly #fields: LogFields

  constructor(output: JsonLinesOutput, fields: LogFields) {
    this.#output = output
    this.#fields = fields
  }

  debug(message: string, fields?: LogFields): void {
    this.#log('debug', message, fields)
  }

  info(message: string, fields?: LogFields): void {
    this.#log('info', message, fields)
  }

  warn(message: string, fields?: LogFields): void {
    this.#log('warn', message, fields)
  }

  error(message: string, fields?: LogFields): void {
    this.#log('error', message, fields)
  }

  child(fields: LogFields): Logger {
    return new JsonLinesLogger(this.#output, { ...this.#fields, ...fields })
  }

  #log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const output = this.#output
    if (RANK[level] < output.threshold) return
    const entry: LogFields = {
      level,
      message,
      timestamp: output.now().toISOString(),
      ...this.#fields,
    }
    if (fields !== undefined) {
      for (const key of Object.keys(fields)) entry[key] = toLoggable(fields[key])
    }
    output.write(JSON.stringify(entry))
  }
}

/** A logger that drops everything, for library use without a logger. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
}
