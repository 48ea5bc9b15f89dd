import { describe, expect, it } from 'vitest'
import { EnvironmentReader, SettingsError } from '../../lib/settings/index.js'

describe('EnvironmentReader', () => {
  it('reads a required string and names the variable when it is missing', () => {
    expect(new EnvironmentReader({ CLAIMS_TABLE: ' claims ' }).string('CLAIMS_TABLE')).toBe(
      'claims',
    )
    expect(() => new EnvironmentReader({ CLAIMS_TABLE: '  ' }).string('CLAIMS_TABLE')).toThrow(
      'CLAIMS_TABLE: is required but not set',
    )
  })

  it.each([
    ['', 60],
    ['0', 0],
    ['3600', 3600],
  ])('reads integer %j as %d', (raw, expected) => {
    const read = new EnvironmentReader({ TTL: raw })
    expect(read.integer('TTL', { default: 60, min: 0, max: 3600 })).toBe(expected)
  })

  it.each([
    ['abc', 'TTL: must be a whole number, got "abc"'],
    ['1.5', 'TTL: must be a whole number, got "1.5"'],
    ['3601', 'TTL: must be between 0 and 3600, got 3601'],
    ['-1', 'TTL: must be between 0 and 3600, got -1'],
  ])('refuses integer %j', (raw, message) => {
    const read = new EnvironmentReader({ TTL: raw })
    expect(() => read.integer('TTL', { default: 60, min: 0, max: 3600 })).toThrow(message)
  })

  it('reads booleans case-insensitively and refuses anything else', () => {
    expect(new EnvironmentReader({ B: 'TRUE' }).boolean('B', false)).toBe(true)
    expect(new EnvironmentReader({ B: 'false' }).boolean('B', true)).toBe(false)
    expect(new EnvironmentReader({}).boolean('B', true)).toBe(true)
    expect(() => new EnvironmentReader({ B: 'yes' }).boolean('B', false)).toThrow(SettingsError)
  })

  it('reads one of a set of values and lists the allowed ones when wrong', () => {
    const allowed = ['fail', 'omit'] as const
    expect(new EnvironmentReader({ P: 'omit' }).oneOf('P', allowed, 'fail')).toBe('omit')
    expect(new EnvironmentReader({}).oneOf('P', allowed, 'fail')).toBe('fail')
    let error: unknown
    try {
      new EnvironmentReader({ P: 'ignore' }).oneOf('P', allowed, 'fail')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(SettingsError)
    expect((error as SettingsError).variable).toBe('P')
    expect((error as SettingsError).code).toBe('SETTINGS_INVALID')
    expect((error as SettingsError).message).toBe('P: must be one of fail, omit, got "ignore"')
  })

  it('reads a comma- or space-separated list', () => {
    expect(new EnvironmentReader({ L: 'a, b  c,,' }).list('L')).toEqual(['a', 'b', 'c'])
    expect(new EnvironmentReader({}).list('L')).toEqual([])
    expect(new EnvironmentReader({ S: 'x' }).optionalString('S')).toBe('x')
    expect(new EnvironmentReader({}).optionalString('S')).toBeUndefined()
  })
})
