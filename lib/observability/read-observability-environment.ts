import { SettingsError } from '../settings/index.js'
import type { LoggerOptions, LogThreshold } from './logger.js'

type Environment = Readonly<Record<string, string | undefined>>

// Powertools' levels and Lambda's (advanced logging controls), case-insensitive.
const LEVELS: Readonly<Record<string, LogThreshold>> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  CRITICAL: 'error',
  FATAL: 'error',
  SILENT: 'silent',
}
const TRUE = new Set(['1', 'y', 'yes', 't', 'true', 'on'])
const FALSE = new Set(['0', 'n', 'no', 'f', 'false', 'off'])

function present(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function level(env: Environment, name: string): LogThreshold | undefined {
  const value = present(env, name)
  if (value === undefined) return undefined
  const found = LEVELS[value.toUpperCase()]
  if (found === undefined) {
    throw new SettingsError(
      name,
      `must be one of ${Object.keys(LEVELS).join(', ')} (any case), not ${JSON.stringify(value)}`,
    )
  }
  return found
}

/**
 * A boolean variable as Powertools reads one: 1, y, yes, t, true or on (any
 * case) is true; 0, n, no, f, false or off is false; unset is `undefined`.
 */
function flag(env: Environment, name: string): boolean | undefined {
  const value = present(env, name)?.toLowerCase()
  if (value === undefined) return undefined
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw new SettingsError(name, `must be true or false, not ${JSON.stringify(value)}`)
}

/**
 * The metrics settings of Powertools' environment variables: the namespace
 * from POWERTOOLS_METRICS_NAMESPACE and the `service` dimension from
 * POWERTOOLS_SERVICE_NAME, each when set; and whether metrics are off:
 * POWERTOOLS_METRICS_DISABLED when set, else POWERTOOLS_DEV.
 *
 * @example
 * readMetricsEnvironment({ POWERTOOLS_METRICS_NAMESPACE: 'identity' }) // { namespace: 'identity', disabled: false }
 */
export function readMetricsEnvironment(env: Environment): {
  readonly namespace?: string | undefined
  readonly serviceName?: string | undefined
  readonly disabled: boolean
} {
  return {
    namespace: present(env, 'POWERTOOLS_METRICS_NAMESPACE'),
    serviceName: present(env, 'POWERTOOLS_SERVICE_NAME'),
    disabled: flag(env, 'POWERTOOLS_METRICS_DISABLED') ?? flag(env, 'POWERTOOLS_DEV') ?? false,
  }
}

/**
 * The logger settings of Powertools' environment variables: the level from
 * AWS_LAMBDA_LOG_LEVEL (Lambda's advanced logging controls, which drop
 * anything below it anyway), else POWERTOOLS_LOG_LEVEL, else `fallbackLevel`
 * (the function's own LOG_LEVEL); the service from POWERTOOLS_SERVICE_NAME;
 * POWERTOOLS_LOGGER_SAMPLE_RATE; and indented JSON with POWERTOOLS_DEV. A
 * value Powertools would not accept throws, naming the variable, so a typo
 * fails the cold start rather than silently logging at another level.
 *
 * @example
 * const logger = createLogger(readLoggerEnvironment(process.env, 'info'))
 */
export function readLoggerEnvironment(
  env: Environment,
  fallbackLevel: LogThreshold = 'info',
): Pick<LoggerOptions, 'level' | 'serviceName' | 'sampleRate' | 'pretty'> {
  const rate = present(env, 'POWERTOOLS_LOGGER_SAMPLE_RATE')
  const sampleRate = rate === undefined ? undefined : Number(rate)
  if (sampleRate !== undefined && !(sampleRate >= 0 && sampleRate <= 1)) {
    throw new SettingsError(
      'POWERTOOLS_LOGGER_SAMPLE_RATE',
      `must be a number from 0 to 1, not ${JSON.stringify(rate)}`,
    )
  }
  return {
    level:
      level(env, 'AWS_LAMBDA_LOG_LEVEL') ?? level(env, 'POWERTOOLS_LOG_LEVEL') ?? fallbackLevel,
    serviceName: present(env, 'POWERTOOLS_SERVICE_NAME'),
    sampleRate,
    pretty: flag(env, 'POWERTOOLS_DEV') ?? false,
  }
}
