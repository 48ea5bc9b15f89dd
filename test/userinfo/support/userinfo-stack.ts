import type { JWTVerifyGetKey } from 'jose'
import {
  type ClaimsConfigurationSource,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  type ProfileService,
  type ReadAhead,
} from '../../../lib/core/index.js'
import { DynamoDbClaimsStore, DynamoDbConfigurationSource } from '../../../lib/dynamodb/index.js'
import { serveLambdaHttp } from '../../../lib/local/index.js'
import { createLogger, type LogFields, Metrics } from '../../../lib/observability/index.js'
import { createUserInfoHandler, readUserInfoSettings } from '../../../lib/userinfo/index.js'
import type { TestTable } from '../../support/dynamodb.js'

export interface ServeUserInfoOptions {
  /** The table the default store and configuration read; needed unless both are given. */
  readonly table?: TestTable
  /** The variables readUserInfoSettings reads (ISSUER, JWKS_URL, …). */
  readonly env: Record<string, string>
  /** Default: the default profile service on the table's store. */
  readonly profileService?: ProfileService
  readonly configurationSource?: ClaimsConfigurationSource
  readonly keySet?: JWTVerifyGetKey
  /** The Lambda timeout each request gets. */
  readonly timeoutMs?: number
}

/** The userinfo handler served over HTTP on loopback, with what it logged and counted. */
export interface UserInfoEndpoint {
  /** The endpoint's URL (`/userinfo` on the server). */
  readonly url: URL
  readonly logs: LogFields[]
  readonly metricLines: Array<Record<string, unknown>>
  close(): Promise<void>
}

/**
 * Builds the handler as functions/userinfo.ts does (settings from variables,
 * the default profile service on the DynamoDB store, memoized per request,
 * and the user's read sent ahead of the signature check), and serves it with
 * serveLambdaHttp.
 */
export async function serveUserInfo(options: ServeUserInfoOptions): Promise<UserInfoEndpoint> {
  const logs: LogFields[] = []
  const metricLines: Array<Record<string, unknown>> = []
  const onTable = () => {
    if (options.table === undefined) {
      throw new TypeError(
        'serveUserInfo: a table is needed for the default store and configuration',
      )
    }
    return { client: options.table.client, tableName: options.table.tableName }
  }
  let profileService = options.profileService
  let readAhead: ReadAhead | undefined
  if (profileService === undefined) {
    const store = memoizeClaimsStore(new DynamoDbClaimsStore(onTable()))
    profileService = new DefaultProfileService(store)
    readAhead = createReadAhead(store)
  }
  const handler = createUserInfoHandler({
    settings: readUserInfoSettings(options.env),
    profileService,
    readAhead,
    configurationSource: options.configurationSource ?? new DynamoDbConfigurationSource(onTable()),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    metrics: new Metrics({
      namespace: 'claimsmith-test',
      dimensions: { service: 'userinfo' },
      write: (line) => metricLines.push(JSON.parse(line)),
    }),
    keySet: options.keySet,
  })
  const server = await serveLambdaHttp(handler, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })
  return {
    url: new URL('/userinfo', server.url),
    logs,
    metricLines,
    close: () => server.close(),
  }
}
