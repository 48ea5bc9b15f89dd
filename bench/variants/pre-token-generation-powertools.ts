/**
 * pre-token-generation as functions/pre-token-generation.ts composes it, but
 * logging and publishing metrics through Powertools for AWS Lambda
 * (TypeScript): its Logger (with the Lambda context added per invocation)
 * and its Metrics (EMF), behind the small interfaces the handler takes. Built
 * only by the benchmark, to measure what adopting Powertools would add to a
 * cold start.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger'
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics'
import type { Context } from 'aws-lambda'
import { createPreTokenGenerationHandler, readTriggerSettings } from '../../lib/cognito/index.js'
import type { LogFields, Logger, Metrics } from '../../lib/observability/index.js'
import { createClaimsRuntime } from '../../lib/runtime/create-claims-runtime.js'

const service = 'pre-token-generation'
const powertoolsLogger = new PowertoolsLogger({ serviceName: service })
const powertoolsMetrics = new PowertoolsMetrics({ namespace: 'claimsmith', serviceName: service })

function adapt(logger: PowertoolsLogger): Logger {
  return {
    debug: (message: string, fields?: LogFields) => logger.debug(message, fields ?? {}),
    info: (message: string, fields?: LogFields) => logger.info(message, fields ?? {}),
    warn: (message: string, fields?: LogFields) => logger.warn(message, fields ?? {}),
    error: (message: string, fields?: LogFields) => logger.error(message, fields ?? {}),
    child: (fields: LogFields) => adapt(logger.createChild({ persistentKeys: fields })),
    addContext: (context) => logger.addContext(context as Context),
  }
}

// The handler takes the in-house Metrics class; this offers the same three methods.
const metrics = {
  count: (name: string, value = 1) => powertoolsMetrics.addMetric(name, MetricUnit.Count, value),
  snapshot: () => ({}),
  flush: () => powertoolsMetrics.publishStoredMetrics(),
} as unknown as Metrics

const settings = readTriggerSettings(process.env)
const logger = adapt(powertoolsLogger)
const { profileService, configurationSource, readAhead } = createClaimsRuntime({ logger })

const inner = createPreTokenGenerationHandler({
  profileService,
  configurationSource,
  logger,
  metrics,
  settings,
  readAhead,
})

export const handler = (event: unknown, context: Context) => {
  powertoolsLogger.addContext(context)
  return inner(event as Parameters<typeof inner>[0], context)
}
