import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
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
  memoizeClaimsStore,
  type StoredUser,
} from '../../../lib/core/index.js'
import {
  type ConfigurationItem,
  DynamoDbClaimsStore,
  DynamoDbClaimsWriter,
  DynamoDbConfigurationSource,
} from '../../../lib/dynamodb/index.js'
import type { TestTable } from '../../support/dynamodb.js'
import { recordingLogger, recordingMetrics } from './lambda.js'

/** The fixtures' user (`userAttributes.sub`) and app clients. */
export const USER_SUB = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'
export const WEB_CLIENT = '1example23456789'
export const M2M_CLIENT = '2example34567890'
export const BARE_M2M_CLIENT = 'bare-m2m-client'
export const ALWAYS_CLIENT = 'always-client'
/** The web client's scopes, with the user's claims kept out of its ID tokens. */
export const SLIM_ID_TOKEN_CLIENT = 'slim-id-token-client'
export const INACTIVE_SUB = 'inactive-0000-4000-8000-000000000002'
export const LARGE_SUB = 'large-0000-4000-8000-000000000003'

/** The claim mappings and clients of the suites, after the example configuration in examples/claimsmith.yaml. */
export const CONFIGURATION: readonly ConfigurationItem[] = [
  {
    kind: 'identityResource',
    value: {
      name: 'tenant',
      userClaims: [
        'tenant_id',
        'tenant_role',
        'tenant_beta',
        'tenant_settings',
        'tenant_quota',
        'custom:plan',
        // Reserved types are refused by the configuration validator; here they
        // are written directly, to show the runtime never sends them either.
        'token_use',
        'cognito:groups',
        'dev:x',
      ],
    },
  },
  { kind: 'apiScope', value: { name: 'orders/read', userClaims: ['department', 'custom:plan'] } },
  { kind: 'apiScope', value: { name: 'orders/write', userClaims: ['approval_limit'] } },
  {
    kind: 'apiResource',
    value: { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: ['employee_id'] },
  },
  {
    kind: 'client',
    value: {
      clientId: WEB_CLIENT,
      allowedScopes: ['openid', 'profile', 'email', 'tenant', 'orders/read'],
      claims: [{ type: 'plan', value: 'gold' }],
    },
  },
  {
    kind: 'client',
    value: {
      clientId: M2M_CLIENT,
      claims: [
        { type: 'customer_id', value: '123' },
        { type: 'tier', value: '3', valueType: 'integer' },
        { type: 'region', value: 'eu' },
        { type: 'region', value: 'us' },
      ],
    },
  },
  {
    kind: 'client',
    value: {
      clientId: BARE_M2M_CLIENT,
      claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
      clientClaimsPrefix: '',
    },
  },
  {
    kind: 'client',
    value: {
      clientId: ALWAYS_CLIENT,
      allowedScopes: ['openid', 'orders/read'],
      claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
      clientClaimsPrefix: 'app_',
      alwaysSendClientClaims: true,
    },
  },
  {
    kind: 'client',
    value: {
      clientId: SLIM_ID_TOKEN_CLIENT,
      allowedScopes: ['openid', 'profile', 'email', 'tenant', 'orders/read'],
      claims: [],
      alwaysIncludeUserClaimsInIdToken: false,
    },
  },
]

export const USERS: readonly StoredUser[] = [
  {
    sub: USER_SUB,
    active: true,
    claims: [
      { type: 'name', value: 'Jane Stored' },
      { type: 'email', value: 'stored@example.com' },
      { type: 'updated_at', value: '1710000000', valueType: 'integer64' },
      { type: 'tenant_id', value: '42', valueType: 'integer' },
      { type: 'tenant_role', value: 'admin' },
      { type: 'tenant_role', value: 'editor' },
      { type: 'tenant_beta', value: 'TRUE', valueType: 'boolean' },
      { type: 'tenant_settings', value: ' { "theme" : "dark" } ', valueType: 'json' },
      { type: 'tenant_quota', value: 'lots', valueType: 'integer' },
      { type: 'custom:plan', value: 'basic' },
      { type: 'department', value: 'sales' },
      { type: 'approval_limit', value: '1000', valueType: 'integer' },
      { type: 'employee_id', value: 'E-1' },
      { type: 'token_use', value: 'id' },
      { type: 'cognito:groups', value: 'admins' },
      { type: 'dev:x', value: 'y' },
    ],
  },
  {
    sub: INACTIVE_SUB,
    active: false,
    claims: [{ type: 'tenant_id', value: '7', valueType: 'integer' }],
  },
  {
    sub: LARGE_SUB,
    active: true,
    claims: [
      {
        type: 'tenant_settings',
        value: JSON.stringify({ notes: 'x'.repeat(3000) }),
        valueType: 'json',
      },
    ],
  },
]

/** Writes the suites' configuration and users into a fresh table. */
export async function seedClaimsTable(table: TestTable): Promise<void> {
  // One unhurried attempt: a cold DynamoDB Local can take longer than the
  // runtime's 1 s, and a retried conditional put would conflict with itself.
  const client = table.newClient({ requestTimeoutMs: 30_000, maxAttempts: 1 })
  const writer = new DynamoDbClaimsWriter({ client, tableName: table.tableName })
  for (const item of CONFIGURATION) await writer.putConfigurationItem(item)
  for (const user of USERS) await writer.putUser(user)
}

export interface TriggerOptions {
  readonly settings?: Partial<TriggerSettings>
  readonly requireProfile?: boolean
  /** The client users are read with; the table's by default. */
  readonly storeClient?: DynamoDBDocumentClient
  /** The client configuration is read with; the table's by default. */
  readonly configurationClient?: DynamoDBDocumentClient
}

/**
 * The triggers as the composition root builds them, over the table: the
 * default profile service on a memoized DynamoDB store, configuration behind
 * the cache; with logs and metrics kept for assertions.
 */
export function buildTriggers(table: TestTable, options: TriggerOptions = {}) {
  const store = memoizeClaimsStore(
    new DynamoDbClaimsStore({
      client: options.storeClient ?? table.client,
      tableName: table.tableName,
    }),
  )
  const configurationSource = new CachedConfigurationSource(
    new DynamoDbConfigurationSource({
      client: options.configurationClient ?? table.client,
      tableName: table.tableName,
    }),
    { maxStaleMs: 0 },
  )
  const log = recordingLogger()
  const metrics = recordingMetrics()
  const deps = {
    profileService: new DefaultProfileService(store, { requireProfile: options.requireProfile }),
    configurationSource,
    logger: log.logger,
    metrics: metrics.metrics,
    settings: { ...TRIGGER_SETTINGS_DEFAULTS, ...options.settings },
  }
  return {
    preTokenGeneration: createPreTokenGenerationHandler(deps),
    preAuthentication: createPreAuthenticationHandler(deps),
    log,
    metrics,
  }
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no loopback address')
  return `http://127.0.0.1:${address.port}`
}

/** An endpoint nothing listens on: a loopback port that was free a moment ago. */
export async function closedEndpoint(): Promise<string> {
  const server = createServer()
  const endpoint = await listen(server)
  server.close()
  await once(server, 'close')
  return endpoint
}

/** An endpoint that accepts connections and never answers: a store too slow for any deadline. */
export async function silentEndpoint(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const endpoint = await listen(server)
  return {
    endpoint,
    async close() {
      for (const socket of sockets) socket.destroy()
      server.close()
      await once(server, 'close')
    },
  }
}
