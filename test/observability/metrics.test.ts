import { describe, expect, it } from 'vitest'
import { Metrics } from '../../lib/observability/index.js'

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
