import { appendFileSync } from 'node:fs'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import {
  createPreAuthenticationHandler,
  createPreTokenGenerationHandler,
  TRIGGER_SETTINGS_DEFAULTS,
  type TriggerSettings,
} from '../../../lib/cognito/index.js'
import { CachedConfigurationSource } from '../../../lib/configuration-cache/index.js'
import {
  DefaultProfileService,
  type JsonValue,
  memoizeClaimsStore,
  type StoredUser,
} from '../../../lib/core/index.js'
import {
  type ConfigurationItem,
  DYNAMODB_CLIENT_DEFAULTS,
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
  DynamoDbConfigurationSource,
} from '../../../lib/dynamodb/index.js'
import { loadEvent } from '../../cognito/support/events.js'
import { recordingLogger, recordingMetrics } from '../../cognito/support/lambda.js'
import type { TestTable } from '../../support/dynamodb.js'

/** The fixtures' user (`userAttributes.sub`) and web client. */
export const USER_SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'
export const INACTIVE_SUB = 'inactive-0000-4000-8000-000000000002'
export const WEB_CLIENT = '1example23456789'

/** Every scope kind the web client may use. */
export const SCOPES = ['openid', 'profile', 'email', 'tenant', 'orders/read']

export const CONFIGURATION: readonly ConfigurationItem[] = [
  { kind: 'identityResource', value: { name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] } },
  { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['department'] } },
  {
    kind: 'client',
    value: {
      clientId: WEB_CLIENT,
      allowedScopes: SCOPES,
      claims: [{ type: 'plan', value: 'gold' }],
    },
  },
]

/** The claims a user of the suite has; `name` and `email` differ from the fixture's attributes. */
export function storedClaims(sub: string): StoredUser['claims'] {
  return [
    { type: 'name', value: `Stored ${sub.slice(0, 8)}` },
    { type: 'email', value: 'stored@example.com' },
    { type: 'tenant_id', value: '42', valueType: 'integer' },
    { type: 'tenant_role', value: 'admin' },
    { type: 'tenant_role', value: 'editor' },
    { type: 'department', value: 'sales' },
  ]
}

/** What each token gets for a user with `storedClaims`, by event version. */
export function enrichedResponse(version: '1' | '2' | '3', sub = USER_SUB): unknown {
  const name = `Stored ${sub.slice(0, 8)}`
  if (version === '1') {
    return {
      claimsOverrideDetails: {
        claimsToAddOrOverride: {
          name,
          email: 'stored@example.com',
          tenant_id: '42',
          tenant_role: '["admin","editor"]',
        },
      },
    }
  }
  return {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {
        claimsToAddOrOverride: {
          name,
          email: 'stored@example.com',
          tenant_id: 42,
          tenant_role: ['admin', 'editor'],
        },
      },
      accessTokenGeneration: { claimsToAddOrOverride: { department: 'sales' } },
    },
  }
}

/** What a token gets under ON_STORE_ERROR=omit when the store cannot answer: nothing added. */
export function unenrichedResponse(version: '1' | '2' | '3'): unknown {
  if (version === '1') return { claimsOverrideDetails: { claimsToAddOrOverride: {} } }
  return {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: {} },
      accessTokenGeneration: { claimsToAddOrOverride: {} },
    },
  }
}

/**
 * A client for `endpoint` (the fault proxy's) with the production bounds of
 * `createDynamoDbClient` (500 ms connect, 1000 ms per attempt, 2 attempts),
 * not the test clients' patient ones.
 */
export function productionClient(table: TestTable, endpoint: string): DynamoDBDocumentClient {
  return table.newClient({ endpoint, ...DYNAMODB_CLIENT_DEFAULTS })
}

/** Writes the suite's configuration and `users` (default: the user and an inactive one). */
export async function seedTable(
  table: TestTable,
  subs: readonly string[] = [USER_SUB],
): Promise<void> {
  // One unhurried attempt: a cold DynamoDB Local can take longer than the runtime's 1 s.
  const client = table.newClient({ requestTimeoutMs: 30_000, maxAttempts: 1 })
  const writer = new DynamoDbClaimsWriter({ client, tableName: table.tableName })
  for (const item of CONFIGURATION) await writer.putConfigurationItem(item)
  for (const sub of subs) await writer.putUser({ sub, active: true, claims: storedClaims(sub) })
  await writer.putUser({ sub: INACTIVE_SUB, active: false, claims: storedClaims(INACTIVE_SUB) })
  client.destroy()
}

/** A pre-token-generation event of `version` for `sub`, asking for every scope of the suite. */
export function tokenEvent(version: '1' | '2' | '3', sub = USER_SUB) {
  const event = loadEvent(`pre-token-generation-v${version}-hosted-auth`)
  if (version !== '1') event.request.scopes = [...SCOPES]
  event.request.userAttributes.sub = sub
  return event
}

/** A pre-authentication event for `sub`. */
export function preAuthenticationEvent(sub = USER_SUB) {
  const event = loadEvent('pre-authentication')
  event.request.userAttributes.sub = sub
  return event
}

export interface HarnessOptions {
  readonly table: TestTable
  /** The client users are read with (e.g. one through the fault proxy). */
  readonly storeClient: DynamoDBDocumentClient
  /** The client configuration is read with; the store client by default. */
  readonly configurationClient?: DynamoDBDocumentClient
  readonly settings?: Partial<TriggerSettings>
  readonly ttlMs?: number
  readonly maxStaleMs?: number
  readonly now?: () => number
}

/**
 * Both triggers as the composition root builds them (memoized DynamoDB store,
 * configuration behind the cache), with their log lines and metrics kept.
 */
export function buildHarness(options: HarnessOptions) {
  const store = memoizeClaimsStore(
    new DynamoDbClaimsStore({ client: options.storeClient, tableName: options.table.tableName }),
  )
  const log = recordingLogger()
  const metrics = recordingMetrics()
  const configurationSource = new CachedConfigurationSource(
    new DynamoDbConfigurationSource({
      client: options.configurationClient ?? options.storeClient,
      tableName: options.table.tableName,
    }),
    {
      ttlMs: options.ttlMs ?? 60_000,
      maxStaleMs: options.maxStaleMs ?? 300_000,
      // As createClaimsRuntime does: a stale copy is served with a warning in the function's log.
      logger: log.logger,
      // A test clock gets exact expiry times: no random part taken off the TTL.
      ...(options.now === undefined ? {} : { now: options.now, jitter: 0 }),
    },
  )
  const deps = {
    profileService: new DefaultProfileService(store),
    configurationSource,
    logger: log.logger,
    metrics: metrics.metrics,
    settings: { ...TRIGGER_SETTINGS_DEFAULTS, ...options.settings },
  }
  return {
    preTokenGeneration: createPreTokenGenerationHandler(deps),
    preAuthentication: createPreAuthenticationHandler(deps),
    configurationSource,
    log,
    metrics,
  }
}

/** How one invocation ended. */
export type Outcome =
  | { readonly kind: 'enriched' }
  | { readonly kind: 'unenriched' }
  | { readonly kind: 'refused'; readonly message: string; readonly code: string }

/**
 * Runs a pre-token-generation invocation and classifies it. Anything but the
 * full enriched response, the exact unenriched one or a thrown error (partial
 * claims, say) throws, so no scenario can pass with a half-enriched token.
 */
export async function invokeToken(
  run: () => Promise<{ response: unknown }>,
  version: '1' | '2' | '3',
  sub = USER_SUB,
): Promise<{ outcome: Outcome; ms: number; error?: Error }> {
  const started = performance.now()
  try {
    const { response } = await run()
    const ms = performance.now() - started
    const text = JSON.stringify(response)
    if (text === JSON.stringify(enrichedResponse(version, sub))) {
      return { outcome: { kind: 'enriched' }, ms }
    }
    if (text === JSON.stringify(unenrichedResponse(version))) {
      return { outcome: { kind: 'unenriched' }, ms }
    }
    throw new Error(`neither enriched nor unenriched: ${text}`)
  } catch (error) {
    const ms = performance.now() - started
    if (error instanceof Error && 'code' in error && !error.message.startsWith('neither')) {
      return {
        outcome: { kind: 'refused', message: error.message, code: String(error.code) },
        ms,
        error,
      }
    }
    throw error
  }
}

/** Words that would say something about the deployment or the failure's internals. */
export const INTERNAL_MARKERS = [
  '127.0.0.1',
  'localhost',
  'ECONN',
  'ETIMEDOUT',
  'DynamoDB',
  'dynamodb',
  'GetItem',
  'Query',
  'Throttl',
  'ProvisionedThroughput',
  'InternalServerError',
  'claims-',
  'stack',
  '    at ',
]

/** The claims of one response's token, or `undefined`. */
export function tokenClaims(
  response: unknown,
  token: 'id' | 'access',
): Record<string, JsonValue> | undefined {
  const r = response as {
    claimsOverrideDetails?: { claimsToAddOrOverride: Record<string, JsonValue> }
    claimsAndScopeOverrideDetails?: Record<
      string,
      { claimsToAddOrOverride: Record<string, JsonValue> } | undefined
    >
  }
  if (r.claimsOverrideDetails !== undefined) {
    return token === 'id' ? r.claimsOverrideDetails.claimsToAddOrOverride : undefined
  }
  return r.claimsAndScopeOverrideDetails?.[
    token === 'id' ? 'idTokenGeneration' : 'accessTokenGeneration'
  ]?.claimsToAddOrOverride
}

/**
 * Prints one compact line of figures for a scenario, and appends it as JSON to
 * `$CLAIMSMITH_FIGURES` when that is set (docs/reliability.md is built from a run).
 */
export function reportFigures(suite: string, scenario: string, figures: Record<string, unknown>) {
  const text = Object.entries(figures)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Math.round(value) : value}`)
    .join(' ')
  console.log(`[figures] ${suite} | ${scenario} | ${text}`)
  const file = process.env.CLAIMSMITH_FIGURES
  if (file) appendFileSync(file, `${JSON.stringify({ suite, scenario, ...figures })}\n`)
}

/** The metric counts of EMF lines, added up (as CloudWatch would). */
export function metricTotals(lines: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const line of lines) {
    const entry = JSON.parse(line) as {
      _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> }
    } & Record<string, unknown>
    for (const { Name } of entry._aws.CloudWatchMetrics[0]?.Metrics ?? []) {
      totals[Name] = (totals[Name] ?? 0) + Number(entry[Name])
    }
  }
  return totals
}
