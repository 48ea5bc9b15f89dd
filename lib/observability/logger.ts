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
  const threshold = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`))
  const now = options.now ?? (() => new Date())
  const base = options.fields ?? {}

  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return
    const entry: LogFields = { level, message, timestamp: now().toISOString(), ...base }
    for (const [key, value] of Object.entries(fields ?? {})) entry[key] = toLoggable(value)
    write(JSON.stringify(entry))
  }

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
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
