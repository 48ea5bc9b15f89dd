export { ClaimMetrics } from './claim-metrics.js'
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  silentLogger,
} from './logger.js'
export { Metrics, type MetricsOptions } from './metrics.js'
export { reportIssuedTokens } from './report-issued-tokens.js'
