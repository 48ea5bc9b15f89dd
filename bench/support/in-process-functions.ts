import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import {
  createPreTokenGenerationHandler,
  type PreTokenGenerationResult,
  readTriggerSettings,
} from '../../lib/cognito/index.js'
import { createLogger, Metrics } from '../../lib/observability/index.js'
import { createClaimsRuntime } from '../../lib/runtime/index.js'
import {
  createUserInfoHandler,
  readUserInfoSettings,
  type UserInfoHandler,
} from '../../lib/userinfo/index.js'
import { discardingWrite } from './discarding-write.js'

/** A pre-token-generation handler, called as Lambda calls it. */
export type PreTokenGenerationFunction = (
  event: unknown,
  context: Context,
) => Promise<PreTokenGenerationResult>

/**
 * The pre-token-generation function as functions/pre-token-generation.ts
 * composes it (settings from the environment, the runtime, the handler),
 * but on the client given, so a bare GetItem can go through the same one.
 * Its log and metric lines are written to /dev/null.
 *
 * @example
 * const handler = preTokenGenerationFunction(client, { CLAIMS_TABLE: tableName })
 */
export function preTokenGenerationFunction(
  client: DynamoDBDocumentClient,
  env: Readonly<Record<string, string>>,
): PreTokenGenerationFunction {
  const settings = readTriggerSettings(env)
  const { profileService, configurationSource, logger } = createClaimsRuntime({
    env,
    client,
    logger: createLogger({ level: 'info', write: discardingWrite }),
  })
  return createPreTokenGenerationHandler({
    profileService,
    configurationSource,
    logger: logger.child({ service: 'pre-token-generation' }),
    metrics: new Metrics({
      namespace: 'claimsmith',
      dimensions: { service: 'pre-token-generation' },
      write: discardingWrite,
    }),
    settings,
  })
}

/**
 * The userinfo function as functions/userinfo.ts composes it, on the client
 * given; `env` carries ISSUER and JWKS_URL as well as CLAIMS_TABLE.
 *
 * @example
 * const handler = userInfoFunction(client, { CLAIMS_TABLE: tableName, ISSUER: issuer, JWKS_URL: jwksUrl })
 */
export function userInfoFunction(
  client: DynamoDBDocumentClient,
  env: Readonly<Record<string, string>>,
): UserInfoHandler {
  const settings = readUserInfoSettings(env)
  const { profileService, configurationSource, logger } = createClaimsRuntime({
    env,
    client,
    logger: createLogger({ level: 'info', write: discardingWrite }),
  })
  return createUserInfoHandler({
    profileService,
    configurationSource,
    logger: logger.child({ service: 'userinfo' }),
    metrics: new Metrics({
      namespace: 'claimsmith',
      dimensions: { service: 'userinfo' },
      write: discardingWrite,
    }),
    settings,
  })
}
