import { describe, expect, it } from 'vitest'
import { readLoggerEnvironment, readMetricsEnvironment } from '../../lib/observability/index.js'
import { SettingsError } from '../../lib/settings/index.js'

describe('readLoggerEnvironment', () => {
  it("takes the level from Lambda's AWS_LAMBDA_LOG_LEVEL, then POWERTOOLS_LOG_LEVEL, then the fallback", () => {
    expect(readLoggerEnvironment({}, 'warn').level).toBe('warn')
    expect(readLoggerEnvironment({ POWERTOOLS_LOG_LEVEL: 'debug' }, 'warn').level).toBe('debug')
    expect(
      readLoggerEnvironment(
        { POWERTOOLS_LOG_LEVEL: 'debug', AWS_LAMBDA_LOG_LEVEL: 'ERROR' },
        'warn',
      ).level,
    ).toBe('error')
  })

  it("maps Powertools' and Lambda's other levels onto the logger's, in any case", () => {
    const levelOf = (value: string) => readLoggerEnvironment({ POWERTOOLS_LOG_LEVEL: value }).level
    expect(['TRACE', 'Info', 'WARN', 'CRITICAL', 'silent'].map(levelOf)).toEqual([
      'debug',
      'info',
      'warn',
      'error',
      'silent',
    ])
    expect(readLoggerEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }).level).toBe('error')
  })

  it('reads the service, the sample rate and POWERTOOLS_DEV', () => {
    expect(
      readLoggerEnvironment({
        POWERTOOLS_SERVICE_NAME: 'identity',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0.1',
        POWERTOOLS_DEV: 'true',
      }),
    ).toEqual({ level: 'info', serviceName: 'identity', sampleRate: 0.1, pretty: true })
    expect(readLoggerEnvironment({})).toEqual({
      level: 'info',
      serviceName: undefined,
      sampleRate: undefined,
      pretty: false,
    })
  })

  it('refuses a value Powertools would not take, naming the variable', () => {
    expect(() => readLoggerEnvironment({ POWERTOOLS_LOG_LEVEL: 'loud' })).toThrow(SettingsError)
    expect(() => readLoggerEnvironment({ POWERTOOLS_LOG_LEVEL: 'loud' })).toThrow(
      /^POWERTOOLS_LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, FATAL, SILENT \(any case\), not "loud"$/,
    )
    expect(() => readLoggerEnvironment({ POWERTOOLS_LOGGER_SAMPLE_RATE: '2' })).toThrow(
      /^POWERTOOLS_LOGGER_SAMPLE_RATE: must be a number from 0 to 1/,
    )
    expect(() => readLoggerEnvironment({ POWERTOOLS_DEV: 'maybe' })).toThrow(/^POWERTOOLS_DEV: /)
  })
})

describe('readMetricsEnvironment', () => {
  it('reads the namespace and the service, and turns metrics off in dev mode unless told otherwise', () => {
    expect(
      readMetricsEnvironment({
        POWERTOOLS_METRICS_NAMESPACE: 'Identity',
        POWERTOOLS_SERVICE_NAME: 'claims',
      }),
    ).toEqual({ namespace: 'Identity', serviceName: 'claims', disabled: false })
    expect(readMetricsEnvironment({ POWERTOOLS_DEV: '1' }).disabled).toBe(true)
    expect(
      readMetricsEnvironment({ POWERTOOLS_DEV: '1', POWERTOOLS_METRICS_DISABLED: 'false' })
        .disabled,
    ).toBe(false)
  })
})
