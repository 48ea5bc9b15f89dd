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
        level: 'info',
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
    expect(lines.map((line) => line.level)).toEqual(['warn', 'error'])
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
    expect(lines[0]).toMatchObject({ a: 1, b: 2, level: 'warn' })
  })
})
