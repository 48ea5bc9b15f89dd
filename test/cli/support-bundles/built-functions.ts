import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import { vi } from 'vitest'
import type { StoredUser } from '../../../lib/core/index.js'
import { buildFunctions } from '../../../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../../../lib/deploy/function-entries.js'
import { type ConfigurationItem, DynamoDbClaimsWriter } from '../../../lib/dynamodb/index.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../lib/local/local-aws.js'
import { startDynalite, type TestTable } from '../../support/dynamodb.js'
import { type JwksServer, startJwksServer } from '../../userinfo/support/jwks-server.js'
import { createSigningKey, type SigningKey } from '../../userinfo/support/tokens.js'

/** A built bundle's handler, imported in this process. */
export type BuiltHandler = (event: unknown, context: Context) => Promise<Record<string, unknown>>

/** The built pre-token-generation, userinfo and introspection bundles, over a dynalite table and a JWKS server. */
export interface BuiltFunctions {
  readonly table: TestTable
  readonly key: SigningKey
  readonly issuer: string
  /** A temporary directory, removed by `close`. */
  readonly dir: string
  readonly preTokenGeneration: BuiltHandler
  readonly userinfo: BuiltHandler
  /** Its callers need `claimsmith/introspect` (INTROSPECTION_SCOPE's default). */
  readonly introspection: BuiltHandler
  /** Makes the table hold exactly these items and users. */
  replaceTable(items: readonly ConfigurationItem[], users: readonly StoredUser[]): Promise<void>
  close(): Promise<void>
}

/**
 * Builds the bundles as `npm run build` does and imports them with the
 * environment a deployment gives them, pointed at a fresh dynalite table
 * (configuration cache off, so each run's configuration is served) and a
 * JWKS server with one key. Their EMF lines to standard output are muted.
 */
export async function startBuiltFunctions(prefix: string): Promise<BuiltFunctions> {
  const saved = { ...process.env }
  const table = await startDynalite()
  const key = await createSigningKey()
  const jwks: JwksServer = await startJwksServer([key.publicJwk])
  const issuer = new URL('/pool', jwks.url).href
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await buildFunctions({
    outDir: join(dir, 'dist'),
    functions: FUNCTION_ENTRIES.filter(
      (f) =>
        f.name === 'pre-token-generation' || f.name === 'userinfo' || f.name === 'introspection',
    ),
  })
  Object.assign(process.env, {
    CLAIMS_TABLE: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    LOG_LEVEL: 'error',
    // Every run writes a new configuration: the functions must not serve the last one.
    CONFIG_CACHE_TTL_SECONDS: '0',
    CONFIG_MAX_STALE_SECONDS: '0',
    CONSISTENT_READ: 'true',
    ISSUER: issuer,
    JWKS_URL: new URL('/jwks', jwks.url).href,
  })
  const load = async (name: string) =>
    (
      (await import(pathToFileURL(join(dir, 'dist', name, 'index.mjs')).href)) as {
        handler: BuiltHandler
      }
    ).handler
  const preTokenGeneration = await load('pre-token-generation')
  const userinfo = await load('userinfo')
  const introspection = await load('introspection')
  // The functions write one EMF line per invocation to standard output.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)

  return {
    table,
    key,
    issuer,
    dir,
    preTokenGeneration,
    userinfo,
    introspection,
    async replaceTable(items, users) {
      const scanned = await table.client.send(new ScanCommand({ TableName: table.tableName }))
      for (const item of scanned.Items ?? []) {
        await table.client.send(
          new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }),
        )
      }
      const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
      for (const item of items) await writer.putConfigurationItem(item)
      for (const user of users) await writer.putUser(user)
    },
    async close() {
      vi.restoreAllMocks()
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
      Object.assign(process.env, saved)
      await jwks.close()
      await table.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
