import { type Environment, EnvironmentReader } from '../settings/index.js'

/**
 * How the Cognito triggers behave when something goes wrong, read once at cold
 * start by `readTriggerSettings`.
 *
 * @example
 * const settings: TriggerSettings = { ...TRIGGER_SETTINGS_DEFAULTS, onStoreError: 'omit' }
 */
export interface TriggerSettings {
  /**
   * `ON_STORE_ERROR`. `fail` (default): the trigger throws and Cognito refuses
   * the sign-in or refresh. `omit`: the token is issued without enrichment,
   * logged and counted. Under `omit` the active check is skipped too when the
   * store cannot answer (the user has already authenticated with Cognito), so
   * choose it only where availability matters more than a prompt lock-out.
   */
  readonly onStoreError: 'fail' | 'omit'
  /**
   * `DEADLINE_MARGIN_MS`: how long before the Lambda deadline the store is
   * abandoned, to leave time to answer Cognito (and, under `omit`, to issue
   * the token unenriched).
   */
  readonly deadlineMarginMs: number
  /**
   * `ON_INVALID_CLAIM`. `omit` (default): a claim whose value does not parse as
   * its type is left out, logged and counted. `fail`: the token is refused.
   */
  readonly onInvalidClaim: 'omit' | 'fail'
  /**
   * `TOKEN_SIZE_BUDGET_BYTES`: the most the claims added may grow each token,
   * in encoded (base64url) bytes. Cognito tokens travel in `Authorization`
   * headers and cookies; common proxy and API Gateway header limits are about
   * 8–10 KB in total, a Cognito ID token is already about 1 KB and a request
   * often carries both tokens. 2048 bytes per token keeps an enriched pair
   * well under those limits.
   */
  readonly tokenSizeBudgetBytes: number
  /**
   * `TOKEN_SIZE_POLICY`. `log` (default): the token is issued, and the excess
   * logged and counted. `fail`: the token is refused.
   */
  readonly tokenSizePolicy: 'log' | 'fail'
}

/** The settings a trigger starts with when no variable is set. */
export const TRIGGER_SETTINGS_DEFAULTS: TriggerSettings = Object.freeze({
  onStoreError: 'fail',
  deadlineMarginMs: 300,
  onInvalidClaim: 'omit',
  tokenSizeBudgetBytes: 2048,
  tokenSizePolicy: 'log',
})

/**
 * Reads the triggers' settings from the environment. A bad value throws a
 * `SettingsError` naming the variable, which fails the cold start.
 *
 * @example
 * const settings = readTriggerSettings(process.env)
 */
export function readTriggerSettings(env: Environment): TriggerSettings {
  const read = new EnvironmentReader(env)
  const d = TRIGGER_SETTINGS_DEFAULTS
  return Object.freeze({
    onStoreError: read.oneOf('ON_STORE_ERROR', ['fail', 'omit'], d.onStoreError),
    // Cognito waits 5 s for the trigger: a larger margin would abandon every read.
    deadlineMarginMs: read.integer('DEADLINE_MARGIN_MS', {
      default: d.deadlineMarginMs,
      min: 0,
      max: 4000,
    }),
    onInvalidClaim: read.oneOf('ON_INVALID_CLAIM', ['omit', 'fail'], d.onInvalidClaim),
    tokenSizeBudgetBytes: read.integer('TOKEN_SIZE_BUDGET_BYTES', {
      default: d.tokenSizeBudgetBytes,
      min: 1,
      max: 65_536,
    }),
    tokenSizePolicy: read.oneOf('TOKEN_SIZE_POLICY', ['log', 'fail'], d.tokenSizePolicy),
  })
}
