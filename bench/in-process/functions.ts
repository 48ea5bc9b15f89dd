/**
 * What the benchmark runs in its own process, built into one bundle with the
 * deployment's esbuild settings (`buildFunctions`: minified, the AWS SDK
 * bundled), so the warm measurements time the code as it is deployed: the
 * functions composed as functions/*.ts compose them, the DynamoDB client
 * they make, and the bare GetItem they are judged against, all on the same
 * bundled SDK.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import {
  createPreTokenGenerationHandler,
  type PreTokenGenerationResult,
  readTriggerSettings,
} from '../../lib/cognito/index.js'
import { createDynamoDbClient, userKey } from '../../lib/dynamodb/index.js'
import {
  createIntrospectionHandler,
  type IntrospectionHandler,
  readIntrospectionSettings,
} from '../../lib/introspection/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { createLogger, Metrics } from '../../lib/observability/index.js'
import { createClaimsRuntime } from '../../lib/runtime/index.js'
import {
  createUserInfoHandler,
  readUserInfoSettings,
  type UserInfoHandler,
} from '../../lib/userinfo/index.js'
import { discardingWrite } from '../support/discarding-write.js'

export { countDynamoDbRequests } from '../../lib/dynamodb/index.js'

/**
 * A DynamoDB client made as the functions make theirs (`createDynamoDbClient`,
 * its timeouts and retries), pointed at DynamoDB Local.
 *
 * @example
 * const client = createBenchClient(local.endpoint)
 */
export function createBenchClient(endpoint: string): DynamoDBDocumentClient {
  return createDynamoDbClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS })
}

/**
 * The reference of the warm measurements: a bare GetItem (`GetCommand`, as
 * the store sends it) of `sub`'s item; resolves to whether it was found.
 *
 * @example
 * const found = await getUserItem(client, tableName, USER_SUB)
 */
export async function getUserItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  sub: string,
): Promise<boolean> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: userKey(sub), ConsistentRead: false }),
  )
  return Item !== undefined
}

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
  return createPreTokenGenerationHandler({
    ...composedOn(client, env, 'pre-token-generation'),
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
  return createUserInfoHandler({ ...composedOn(client, env, 'userinfo'), settings })
}

/**
 * The introspection function as functions/introspection.ts composes it, on
 * the client given; `env` carries ISSUER and JWKS_URL as well as CLAIMS_TABLE.
 *
 * @example
 * const handler = introspectionFunction(client, { CLAIMS_TABLE: tableName, ISSUER: issuer, JWKS_URL: jwksUrl })
 */
export function introspectionFunction(
  client: DynamoDBDocumentClient,
  env: Readonly<Record<string, string>>,
): IntrospectionHandler {
  const settings = readIntrospectionSettings(env)
  return createIntrospectionHandler({ ...composedOn(client, env, 'introspection'), settings })
}

/**
 * What every function's composition shares: the runtime on the client given
 * (its profile service, configuration source and read-ahead), its logger for
 * `service`, and metrics, both written to /dev/null.
 */
function composedOn(
  client: DynamoDBDocumentClient,
  env: Readonly<Record<string, string>>,
  service: string,
) {
  const { profileService, configurationSource, logger, readAhead } = createClaimsRuntime({
    env,
    client,
    logger: createLogger({ level: 'info', write: discardingWrite }),
  })
  return {
    profileService,
    configurationSource,
    readAhead,
    logger: logger.child({ service }),
    metrics: new Metrics({
      namespace: 'claimsmith',
      dimensions: { service },
      write: discardingWrite,
    }),
  }
}

/** Bytes of the DynamoDB responses a client received, by their Content-Length. */
export interface ResponseBytes {
  total(): number
  reset(): void
}

/**
 * Adds up the bodies of the responses `client` receives (each retry
 * counted): what a cold start reads, as the bundled SDK sees it.
 *
 * @example
 * const bytes = countResponseBytes(client)
 * await handler(event, context)
 * bytes.total()
 */
export function countResponseBytes(client: DynamoDBDocumentClient): ResponseBytes {
  let total = 0
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args)
      const headers = (result.response as { headers?: Record<string, string> }).headers ?? {}
      total += Number(headers['content-length'] ?? 0)
      return result
    },
    { step: 'deserialize', name: 'claimsmithBenchResponseBytes', override: true },
  )
  return {
    total: () => total,
    reset: () => {
      total = 0
    },
  }
}
