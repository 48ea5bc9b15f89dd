import { SettingsError } from './settings-error.js'

export type Environment = Readonly<Record<string, string | undefined>>

/**
 * Reads typed settings from environment variables once, at cold start. A bad
 * value throws a SettingsError that names the variable and what it accepts.
 *
 * @example
 * const read = new EnvironmentReader(process.env)
 * const table = read.string('CLAIMS_TABLE')
 * const ttl = read.integer('CONFIG_CACHE_TTL_SECONDS', { default: 60, min: 0, max: 3600 })
 */
export class EnvironmentReader {
  readonly #env: Environment

  constructor(env: Environment) {
    this.#env = env
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name]?.trim()
    return value === '' ? undefined : value
  }

  /** A required string. */
  string(name: string): string {
    const value = this.#raw(name)
    if (value === undefined) throw new SettingsError(name, 'is required but not set')
    return value
  }

  optionalString(name: string): string | undefined {
    return this.#raw(name)
  }

  integer(name: string, options: { default: number; min: number; max: number }): number {
    const value = this.#raw(name)
    if (value === undefined) return options.default
    if (!/^-?\d+$/.test(value))
      throw new SettingsError(name, `must be a whole number, got "${value}"`)
    const n = Number(value)
    if (n < options.min || n > options.max) {
      throw new SettingsError(name, `must be between ${options.min} and ${options.max}, got ${n}`)
    }
    return n
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.#raw(name)?.toLowerCase()
    if (value === undefined) return fallback
    if (value === 'true') return true
    if (value === 'false') return false
    throw new SettingsError(name, `must be "true" or "false", got "${value}"`)
  }

  oneOf<const T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.#raw(name)
    if (value === undefined) return fallback
    if ((allowed as readonly string[]).includes(value)) return value as T
    throw new SettingsError(name, `must be one of ${allowed.join(', ')}, got "${value}"`)
  }

  /** A comma- or space-separated list; empty when not set. */
  list(name: string): string[] {
    return (this.#raw(name) ?? '').split(/[\s,]+/).filter((item) => item !== '')
  }
}
