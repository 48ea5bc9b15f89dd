import type { ClaimsConfigurationSource, ProfileService, ReadAhead } from '../core/index.js'
import type { Logger, Metrics } from '../observability/index.js'
import type { TriggerSettings } from './read-trigger-settings.js'

/**
 * What a Cognito trigger handler is built from. Pass your own profile service
 * to take control of the claims; the composition root passes the default one
 * over DynamoDB.
 *
 * @example
 * const deps: CognitoTriggerDependencies = {
 *   profileService: new DefaultProfileService(store),
 *   configurationSource,
 *   logger: createLogger(),
 *   metrics: new Metrics({ namespace: 'claimsmith', dimensions: { service: 'pre-token-generation' } }),
 *   settings: readTriggerSettings(process.env),
 * }
 */
export interface CognitoTriggerDependencies {
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  readonly logger: Logger
  readonly metrics: Metrics
  readonly settings: TriggerSettings
  /**
   * Starts reading the user, the client and the resources before the event
   * is checked, so that on a cold start they are read at once, not one after
   * the other. The composition root passes one that reads through the store
   * memoized per signal and the configuration cache, so the pipeline then
   * gets these same reads, and sends them as one request. Optional: without it each is read when the pipeline asks.
   */
  readonly readAhead?: ReadAhead | undefined
}

const hasMethods = (value: unknown, ...names: string[]) =>
  typeof value === 'object' &&
  value !== null &&
  names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')

/**
 * Checks the dependencies once, when the handler is built; misuse is a plain TypeError.
 *
 * @example
 * checkTriggerDependencies('createPreTokenGenerationHandler', deps) // throws TypeError: …: metrics is required
 */
export function checkTriggerDependencies(owner: string, deps: CognitoTriggerDependencies): void {
  if (typeof deps !== 'object' || deps === null)
    throw new TypeError(`${owner}: dependencies are required`)
  if (!hasMethods(deps.profileService, 'getProfileData', 'isActive')) {
    throw new TypeError(`${owner}: profileService must have getProfileData and isActive`)
  }
  if (!hasMethods(deps.configurationSource, 'loadResources', 'findClient')) {
    throw new TypeError(`${owner}: configurationSource must have loadResources and findClient`)
  }
  if (!hasMethods(deps.logger, 'info', 'warn', 'error', 'child')) {
    throw new TypeError(`${owner}: logger is required`)
  }
  if (!hasMethods(deps.metrics, 'count', 'flush'))
    throw new TypeError(`${owner}: metrics is required`)
  if (deps.readAhead !== undefined && typeof deps.readAhead !== 'function') {
    throw new TypeError(`${owner}: readAhead must be a function`)
  }
  if (typeof deps.settings !== 'object' || deps.settings === null) {
    throw new TypeError(`${owner}: settings are required (readTriggerSettings)`)
  }
}
