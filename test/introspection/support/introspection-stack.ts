import {
  type ClaimsConfigurationSource,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  type ProfileService,
  type ReadAhead,
} from '../../../lib/core/index.js'
import { DynamoDbClaimsStore, DynamoDbConfigurationSource } from '../../../lib/dynamodb/index.js'
import {
  createIntrospectionHandler,
  readIntrospectionSettings,
} from '../../../lib/introspection/index.js'
import { serveLambdaHttp } from '../../../lib/local/index.js'
import { createLogger, type LogFields, Metrics } from '../../../lib/observability/index.js'
import type { TestTable } from '../../support/dynamodb.js'

export interface ServeIntrospectionOptions {
  readonly table: TestTable
  /** The variables readIntrospectionSettings reads (ISSUER, INTROSPECTION_SCOPE, …). */
  readonly env: Record<string, string>
  readonly profileService?: ProfileService
  readonly configurationSource?: ClaimsConfigurationSource
  /** The time each invocation gets, as the function's timeout would give it. */
  readonly timeoutMs?: number
}

/** The introspection handler served over HTTP on loopback, with what it logged and counted. */
export interface IntrospectionEndpoint {
  /** The endpoint's URL (`/introspect` on the server). */
  readonly url: URL
  readonly logs: LogFields[]
  readonly metricLines: Array<Record<string, unknown>>
  close(): Promise<void>
}

/**
 * Builds the handler as functions/introspection.ts does (settings from
 * variables, the default profile service on the DynamoDB store, memoized per
 * request, and the user's read sent ahead of the signature checks) and
 * serves it with serveLambdaHttp.
 */
export async function serveIntrospection(
  options: ServeIntrospectionOptions,
): Promise<IntrospectionEndpoint> {
  const logs: LogFields[] = []
  const metricLines: Array<Record<string, unknown>> = []
  const table = { client: options.table.client, tableName: options.table.tableName }
  let profileService = options.profileService
  let readAhead: ReadAhead | undefined
  if (profileService === undefined) {
    const store = memoizeClaimsStore(new DynamoDbClaimsStore(table))
    profileService = new DefaultProfileService(store)
    readAhead = createReadAhead(store)
  }
  const handler = createIntrospectionHandler({
    settings: readIntrospectionSettings(options.env),
    profileService,
    readAhead,
    configurationSource: options.configurationSource ?? new DynamoDbConfigurationSource(table),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    metrics: new Metrics({
      namespace: 'claimsmith-test',
      dimensions: { service: 'introspection' },
      write: (line) => metricLines.push(JSON.parse(line)),
    }),
  })
  const server = await serveLambdaHttp(handler, {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })
  return {
    url: new URL('/introspect', server.url),
    logs,
    metricLines,
    close: () => server.close(),
  }
}
