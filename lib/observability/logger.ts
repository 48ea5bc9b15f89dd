export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** The least level written; `silent` writes nothing. */
export type LogThreshold = LogLevel | 'silent'

export type LogFields = Record<string, unknown>

/** The parts of a Lambda context a log entry carries. */
export interface LambdaContextLike {
  readonly functionName: string
  readonly awsRequestId: string
  readonly invokedFunctionArn?: string | undefined
  readonly memoryLimitInMB?: string | number | undefined
}

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
  /**
   * Starts an invocation: from now on every entry of this logger, its parent
   * and its children carries `cold_start` (true for the first invocation of
   * the process), `function_name`, `function_request_id`, `function_arn`,
   * `function_memory_size` and `xray_trace_id`, as Powertools' Logger does.
   */
  addContext(context: LambdaContextLike): void
}

export interface LoggerOptions {
  readonly level?: LogThreshold | undefined
  readonly fields?: LogFields | undefined
  /**
   * The `service` of every entry (Powertools' POWERTOOLS_SERVICE_NAME); when
   * left out, the `service` field of the logger's fields, else `service_undefined`.
   */
  readonly serviceName?: string | undefined
  /**
   * The share of invocations, 0 to 1, logged at debug level whatever `level`
   * says (POWERTOOLS_LOGGER_SAMPLE_RATE); when set, entries carry it as `sampling_rate`.
   */
  readonly sampleRate?: number | undefined
  /** Indented JSON for reading in a terminal (POWERTOOLS_DEV). Default false. */
  readonly pretty?: boolean | undefined
  /** Where a line goes; standard output by default. */
  readonly write?: ((line: string) => void) | undefined
  readonly now?: (() => Date) | undefined
  /** Where `_X_AMZN_TRACE_ID` is read at each invocation; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /** For the sample rate's draw; Math.random by default. */
  readonly random?: (() => number) | undefined
}

const RANK: Record<LogThreshold, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

/** Powertools' spelling of each level, which its users' log queries filter on. */
const LEVEL_NAME: Record<LogLevel, string> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
}

/** The keys every entry starts with; a field of the same name does not replace them. */
const RESERVED = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate'])

/** The Root of an X-Ray trace header (`Root=1-…;Parent=…;Sampled=1`). */
function traceRoot(header: string | undefined): string | undefined {
  return header
    ?.split(';')
    .find((part) => part.startsWith('Root='))
    ?.slice('Root='.length)
}

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
  return new JsonLinesLogger(
    {
      baseThreshold: threshold,
      threshold,
      serviceName: options.serviceName,
      sampleRate: options.sampleRate,
      indent: options.pretty ? 4 : undefined,
      write: options.write ?? ((line: string) => process.stdout.write(`${line}\n`)),
      now: options.now ?? (() => new Date()),
      env: options.env ?? process.env,
      random: options.random ?? Math.random,
      invocations: 0,
      invocation: undefined,
    },
    options.fields ?? {},
  )
}

/** What a root logger and all its children share, the current invocation included. */
interface JsonLinesOutput {
  readonly baseThreshold: number
  threshold: number
  readonly serviceName: string | undefined
  readonly sampleRate: number | undefined
  readonly indent: number | undefined
  readonly write: (line: string) => void
  readonly now: () => Date
  readonly env: Readonly<Record<string, string | undefined>>
  readonly random: () => number
  invocations: number
  invocation: LogFields | undefined
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

  addContext(context: LambdaContextLike): void {
    const output = this.#output
    output.invocations += 1
    const memory = context.memoryLimitInMB
    output.invocation = {
      cold_start: output.invocations === 1,
      function_arn: context.invokedFunctionArn,
      function_memory_size: memory === undefined ? undefined : Number(memory),
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    }
    // Sampling is drawn per invocation, as Powertools does.
    const sampled = output.sampleRate !== undefined && output.random() < output.sampleRate
    output.threshold = sampled ? RANK.debug : output.baseThreshold
  }

  #log(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const output = this.#output
    if (RANK[level] < output.threshold) return
    const own = this.#fields
    const entry: LogFields = {
      level: LEVEL_NAME[level],
      message,
      timestamp: output.now().toISOString(),
      service: output.serviceName ?? own.service ?? 'service_undefined',
      ...output.invocation,
      sampling_rate: output.sampleRate,
      xray_trace_id: output.invocation && traceRoot(output.env._X_AMZN_TRACE_ID),
    }
    for (const key of Object.keys(own)) if (!RESERVED.has(key)) entry[key] = own[key]
    if (fields !== undefined) {
      for (const key of Object.keys(fields)) {
        if (!RESERVED.has(key)) entry[key] = toLoggable(fields[key])
      }
    }
    output.write(JSON.stringify(entry, undefined, output.indent))
  }
}

/** A logger that drops everything, for library use without a logger. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
  addContext: () => {},
}
