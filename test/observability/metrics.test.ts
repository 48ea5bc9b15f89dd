import { describe, expect, it } from 'vitest'
import { createMetrics, Metrics } from '../../lib/observability/index.js'

describe('Metrics', () => {
  it('flushes counts as one CloudWatch Embedded Metric Format line', () => {
    const lines: string[] = []
    const metrics = new Metrics({
      namespace: 'claimsmith',
      dimensions: { service: 'pre-token-generation' },
      write: (line) => lines.push(line),
      now: () => 1_700_000_000_000,
    })
    metrics.count('ClaimsIssued', 4)
    metrics.count('ClaimsIssued')
    metrics.count('ClaimsOmitted')
    metrics.flush()

    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'claimsmith',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'ClaimsIssued', Unit: 'Count' },
              { Name: 'ClaimsOmitted', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'pre-token-generation',
      ClaimsIssued: 5,
      ClaimsOmitted: 1,
    })
  })

  it('resets after a flush and writes nothing when there is nothing to count', () => {
    const lines: string[] = []
    const metrics = new Metrics({
      namespace: 'n',
      dimensions: {},
      write: (line) => lines.push(line),
    })
    metrics.count('A')
    metrics.flush()
    metrics.flush()
    expect(lines).toHaveLength(1)
    expect(metrics.snapshot()).toEqual({})
  })
})

describe('createMetrics', () => {
  const flushed = (env: Record<string, string>) => {
    const lines: string[] = []
    const metrics = createMetrics({
      namespace: 'claimsmith',
      service: 'userinfo',
      env,
      write: (line) => lines.push(line),
    })
    metrics.count('ClaimsIssued')
    metrics.flush()
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>)
  }

  it('honours POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_SERVICE_NAME', () => {
    expect(
      flushed({ POWERTOOLS_METRICS_NAMESPACE: 'Identity', POWERTOOLS_SERVICE_NAME: 'claims' }),
    ).toMatchObject([
      {
        _aws: { CloudWatchMetrics: [{ Namespace: 'Identity', Dimensions: [['service']] }] },
        service: 'claims',
      },
    ])
    expect(flushed({})).toMatchObject([
      { _aws: { CloudWatchMetrics: [{ Namespace: 'claimsmith' }] }, service: 'userinfo' },
    ])
  })

  it('writes nothing with POWERTOOLS_DEV or POWERTOOLS_METRICS_DISABLED, as Powertools', () => {
    expect(flushed({ POWERTOOLS_DEV: 'true' })).toEqual([])
    expect(flushed({ POWERTOOLS_METRICS_DISABLED: 'true' })).toEqual([])
  })
})
