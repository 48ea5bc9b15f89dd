export { ClaimMetrics } from './claim-metrics.js'
export { injectLambdaContext } from './inject-lambda-context.js'
export {
  createLogger,
  type LambdaContextLike,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogThreshold,
  silentLogger,
} from './logger.js'
export { createMetrics, Metrics, type MetricsOptions } from './metrics.js'
export { readLoggerEnvironment, readMetricsEnvironment } from './read-observability-environment.js'
export { reportIssuedTokens } from './report-issued-tokens.js'
