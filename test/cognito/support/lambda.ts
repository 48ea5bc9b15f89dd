import type { Context } from 'aws-lambda'
import { createLogger, type Logger, Metrics } from '../../../lib/observability/index.js'

/** A Lambda context with the time left fixed at `remainingMs`; the rest is what a test never reads. */
export function fakeContext(remainingMs = 5_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'pre-token-generation',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:pre-token-generation',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/pre-token-generation',
    logStreamName: '2025/01/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}

/** A logger that keeps its entries, parsed, for assertions; and the raw lines, to search for leaks. */
export function recordingLogger(): {
  logger: Logger
  entries: Array<Record<string, unknown>>
  text: () => string
} {
  const lines: string[] = []
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) })
  return {
    logger,
    get entries() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>)
    },
    text: () => lines.join('\n'),
  }
}

/** Metrics whose EMF lines are kept, with the counts of every flush added up. */
export function recordingMetrics(): {
  metrics: Metrics
  lines: string[]
  totals: () => Record<string, number>
} {
  const lines: string[] = []
  const metrics = new Metrics({
    namespace: 'claimsmith-test',
    dimensions: { service: 'test' },
    write: (line) => lines.push(line),
  })
  return {
    metrics,
    lines,
    totals: () => {
      const totals: Record<string, number> = {}
      for (const line of lines) {
        const entry = JSON.parse(line) as {
          _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> }
        } & Record<string, unknown>
        for (const { Name } of entry._aws.CloudWatchMetrics[0]?.Metrics ?? []) {
          totals[Name] = (totals[Name] ?? 0) + Number(entry[Name])
        }
      }
      return totals
    },
  }
}
