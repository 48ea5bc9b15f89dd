import { describe, expect, it } from 'vitest'
import { ClaimsStoreUnavailableError } from '../../lib/core/index.js'
import { createLogger } from '../../lib/observability/index.js'

function capture() {
  const lines: Array<Record<string, unknown>> = []
  const write = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>)
  const now = () => new Date('2026-11-22T00:00:00.000Z')
  return { lines, write, now }
}

describe('createLogger', () => {
  it('writes one JSON line per entry with level, message, timestamp and fields', () => {
    const { lines, write, now } = capture()
    createLogger({ write, now, fields: { service: 'userinfo' } }).info('claims issued', {
      issued: 3,
    })
    expect(lines).toEqual([
      {
        level: 'INFO',
        message: 'claims issued',
        timestamp: '2026-11-22T00:00:00.000Z',
        service: 'userinfo',
        issued: 3,
      },
    ])
  })

  it('drops entries below the level', () => {
    const { lines, write } = capture()
    const logger = createLogger({ write, level: 'warn' })
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(lines.map((line) => line.level)).toEqual(['WARN', 'ERROR'])
  })

  it('keeps the name, code, message and cause of an error field', () => {
    const { lines, write } = capture()
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1')
    createLogger({ write }).error('store failed', {
      error: new ClaimsStoreUnavailableError('store unavailable', { cause }),
    })
    const logged = lines[0]?.error as Record<string, unknown>
    expect(logged.name).toBe('ClaimsStoreUnavailableError')
    expect(logged.code).toBe('STORE_UNAVAILABLE')
    expect(logged.message).toBe('store unavailable')
    expect((logged.cause as Record<string, unknown>).message).toBe(cause.message)
    expect(typeof logged.stack).toBe('string')
  })

  it('adds the fields of a child logger to every entry', () => {
    const { lines, write } = capture()
    const child = createLogger({ write, fields: { a: 1 } }).child({ b: 2 })
    child.warn('x')
    expect(lines[0]).toMatchObject({ a: 1, b: 2, level: 'WARN' })
  })

  it("writes Powertools' standard keys once an invocation's context is added, for the whole tree", () => {
    const { lines, write, now } = capture()
    const root = createLogger({
      write,
      now,
      serviceName: 'identity',
      env: {
        _X_AMZN_TRACE_ID:
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    })
    const child = root.child({ service: 'userinfo', clientId: 'web' })
    child.info('before')
    root.addContext({
      functionName: 'userinfo',
      awsRequestId: 'r-1',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:userinfo',
      memoryLimitInMB: '256',
    })
    child.info('first', { message: 'not this', level: 'nor this' })
    root.addContext({ functionName: 'userinfo', awsRequestId: 'r-2' })
    child.warn('second')

    expect(lines[0]).toEqual({
      level: 'INFO',
      message: 'before',
      timestamp: '2026-11-22T00:00:00.000Z',
      service: 'identity',
      clientId: 'web',
    })
    expect(lines[1]).toEqual({
      level: 'INFO',
      message: 'first',
      timestamp: '2026-11-22T00:00:00.000Z',
      service: 'identity',
      cold_start: true,
      function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:userinfo',
      function_memory_size: 256,
      function_name: 'userinfo',
      function_request_id: 'r-1',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      clientId: 'web',
    })
    expect(lines[2]).toMatchObject({ cold_start: false, function_request_id: 'r-2' })
  })

  it("names the service after the logger's fields, or service_undefined as Powertools does", () => {
    const { lines, write } = capture()
    createLogger({ write, fields: { service: 'userinfo' } }).info('a')
    createLogger({ write }).info('b')
    expect(lines.map((line) => line.service)).toEqual(['userinfo', 'service_undefined'])
  })

  it('logs a sampled invocation at debug level and says so in sampling_rate', () => {
    const { lines, write } = capture()
    const draws = [0.05, 0.5]
    const logger = createLogger({
      write,
      level: 'info',
      sampleRate: 0.1,
      random: () => draws.shift() ?? 1,
    })
    logger.addContext({ functionName: 'f', awsRequestId: 'sampled' })
    logger.debug('kept')
    logger.addContext({ functionName: 'f', awsRequestId: 'not sampled' })
    logger.debug('dropped')
    logger.info('kept too')

    expect(lines.map((line) => [line.message, line.sampling_rate])).toEqual([
      ['kept', 0.1],
      ['kept too', 0.1],
    ])
  })

  it('indents its JSON with pretty (POWERTOOLS_DEV) and writes nothing when silent', () => {
    const written: string[] = []
    createLogger({ write: (line) => written.push(line), pretty: true }).info('x')
    createLogger({ write: (line) => written.push(line), level: 'silent' }).error('y')
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^\{\n {4}"level": "INFO",\n {4}"message": "x",/)
  })
})
