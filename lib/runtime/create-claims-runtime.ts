import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { CachedConfigurationSource } from '../configuration-cache/index.js'
import type { ClaimsConfigurationSource } from '../core/claims-configuration.js'
import type { ClaimsStore } from '../core/claims-store.js'
import { DefaultProfileService } from '../core/default-profile-service.js'
import {
  createReadAhead,
  memoizeClaimsStore,
  type ReadAhead,
} from '../core/memoize-claims-store.js'
import type { ProfileService } from '../core/profile-service.js'
import {
  createDynamoDbClient,
  DynamoDbClaimsStore,
  DynamoDbConfigurationSource,
  DynamoDbItemReader,
  type InvalidStoredClaim,
} from '../dynamodb/index.js'
import { createLogger, type Logger } from '../observability/logger.js'
import { readLoggerEnvironment } from '../observability/read-observability-environment.js'
import { type Environment, EnvironmentReader } from '../settings/index.js'

/** The settings every function shares, read once from the environment. */
export interface ClaimsRuntimeSettings {
  readonly tableName: string
  readonly requireProfile: boolean
  readonly consistentRead: boolean
  readonly configCacheTtlMs: number
  readonly configMaxStaleMs: number
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error'
}

/**
 * Reads CLAIMS_TABLE, REQUIRE_PROFILE, CONSISTENT_READ,
 * CONFIG_CACHE_TTL_SECONDS, CONFIG_MAX_STALE_SECONDS and LOG_LEVEL.
 */
export function readClaimsRuntimeSettings(env: Environment): ClaimsRuntimeSettings {
  const read = new EnvironmentReader(env)
  return {
    tableName: read.string('CLAIMS_TABLE'),
    requireProfile: read.boolean('REQUIRE_PROFILE', false),
    consistentRead: read.boolean('CONSISTENT_READ', false),
    configCacheTtlMs:
      1000 * read.integer('CONFIG_CACHE_TTL_SECONDS', { default: 60, min: 0, max: 3600 }),
    configMaxStaleMs:
      1000 * read.integer('CONFIG_MAX_STALE_SECONDS', { default: 300, min: 0, max: 86_400 }),
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
  }
}

/** What the functions are built from: the default profile service on DynamoDB. */
export interface ClaimsRuntime {
  readonly settings: ClaimsRuntimeSettings
  readonly logger: Logger
  /** The shared store, memoized per AbortSignal: one read per user per invocation. */
  readonly store: ClaimsStore
  readonly profileService: ProfileService
  readonly configurationSource: ClaimsConfigurationSource
  /**
   * Starts the reads a hint names through the memoized store and the
   * configuration cache; the pipeline, asking later with the same signal,
   * gets those reads. The reads started together go as one PartiQL
   * statement. Failures are left for that later call to meet (and retry).
   */
  readonly readAhead: ReadAhead
}

export interface CreateClaimsRuntimeOptions {
  readonly env?: Environment | undefined
  /** Defaults to a client made by `createDynamoDbClient()`, whose endpoint the SDK resolves. */
  readonly client?: DynamoDBDocumentClient | undefined
  readonly logger?: Logger | undefined
}

/**
 * Builds the store, the cached configuration and the default profile service
 * from the environment, and the logger with Powertools' variables honoured
 * (`readLoggerEnvironment`: AWS_LAMBDA_LOG_LEVEL and POWERTOOLS_LOG_LEVEL
 * before LOG_LEVEL, POWERTOOLS_SERVICE_NAME, POWERTOOLS_DEV). Call it once per process, at module scope; a bad
 * setting throws a SettingsError naming the variable, failing the cold start.
 *
 * @example
 * const runtime = createClaimsRuntime()
 * export const handler = createUserInfoHandler({ ...runtime, metrics, settings })
 */
export function createClaimsRuntime(options: CreateClaimsRuntimeOptions = {}): ClaimsRuntime {
  const env = options.env ?? process.env
  const settings = readClaimsRuntimeSettings(env)
  const logger = options.logger ?? createLogger(readLoggerEnvironment(env, settings.logLevel))
  const client = options.client ?? createDynamoDbClient()
  const onInvalidClaim = (report: InvalidStoredClaim) =>
    logger.warn('stored claim dropped', {
      sub: report.sub,
      clientId: report.clientId,
      claimType: report.claimType,
      index: report.index,
      reason: report.reason,
    })
  // One reader for the store and the configuration: reads started together go together.
  const reader = new DynamoDbItemReader({
    client,
    tableName: settings.tableName,
    onTogetherRefused: (error) =>
      logger.warn(
        'a statement of reads sent together was refused: reading apart from now on (if it was AccessDeniedException, allow dynamodb:PartiQLSelect on the table)',
        { error },
      ),
  })
  const store = memoizeClaimsStore(
    new DynamoDbClaimsStore({
      client,
      tableName: settings.tableName,
      reader,
      consistentRead: settings.consistentRead,
      onInvalidClaim,
    }),
  )
  const configurationSource = new CachedConfigurationSource(
    new DynamoDbConfigurationSource({
      client,
      tableName: settings.tableName,
      reader,
      onInvalidClaim,
      onLegacyClients: (clientIds) =>
        logger.warn('clients kept where schema version 1 put them; run claimsmith migrate', {
          legacyClients: clientIds.length,
        }),
    }),
    { ttlMs: settings.configCacheTtlMs, maxStaleMs: settings.configMaxStaleMs, logger },
  )
  const startReads = createReadAhead(store, configurationSource)
  return {
    settings,
    logger,
    store,
    profileService: new DefaultProfileService(store, { requireProfile: settings.requireProfile }),
    configurationSource,
    readAhead: (hint, signal) => reader.together(() => startReads(hint, signal)),
  }
}
