import { createLocalJWKSet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CachedConfigurationSource } from '../../lib/configuration-cache/index.js'
import { DefaultProfileService, memoizeClaimsStore } from '../../lib/core/index.js'
import { DynamoDbClaimsStore, DynamoDbConfigurationSource } from '../../lib/dynamodb/index.js'
import { type LambdaHttpServer, serveLambdaHttp } from '../../lib/local/index.js'
import { createLogger, Metrics } from '../../lib/observability/index.js'
import { createUserInfoHandler, readUserInfoSettings } from '../../lib/userinfo/index.js'
import { dynamoDbLocal, type TestTable } from '../support/dynamodb.js'
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js'
import {
  accessTokenClaims,
  createSigningKey,
  type SigningKey,
  sign,
} from '../userinfo/support/tokens.js'
import { FAULT_CASES } from './support/fault-cases.js'
import {
  INTERNAL_MARKERS,
  metricTotals,
  productionClient,
  reportFigures,
  seedTable,
  USER_SUB,
  WEB_CLIENT,
} from './support/trigger-harness.js'

const USER_POOL_ID = 'eu-west-1_Faults'
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`
/** The userinfo function's Lambda timeout (serverless.yml). */
const LAMBDA_TIMEOUT_MS = 6_000
const BUDGET_MS = 4_500

let table: TestTable
let proxy: FaultProxy
let key: SigningKey

beforeAll(async () => {
  table = await dynamoDbLocal()
  await seedTable(table)
  proxy = await startFaultProxy(table.endpoint)
  key = await createSigningKey()
})

afterAll(async () => {
  await proxy?.close()
  await table?.stop()
})

/** The endpoint as functions/userinfo.ts builds it, its store and configuration through the proxy. */
async function serveEndpoint(): Promise<{
  server: LambdaHttpServer
  logs: Array<Record<string, unknown>>
  metricLines: string[]
  destroy(): Promise<void>
}> {
  const client = productionClient(table, proxy.endpoint)
  const logs: Array<Record<string, unknown>> = []
  const metricLines: string[] = []
  const handler = createUserInfoHandler({
    settings: readUserInfoSettings({ USER_POOL_ID }),
    profileService: new DefaultProfileService(
      memoizeClaimsStore(new DynamoDbClaimsStore({ client, tableName: table.tableName })),
    ),
    configurationSource: new CachedConfigurationSource(
      new DynamoDbConfigurationSource({ client, tableName: table.tableName }),
    ),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line)) }),
    metrics: new Metrics({
      namespace: 'claimsmith-test',
      dimensions: { service: 'userinfo' },
      write: (line) => metricLines.push(line),
    }),
    keySet: createLocalJWKSet({ keys: [key.publicJwk] }),
  })
  const server = await serveLambdaHttp(handler, { timeoutMs: LAMBDA_TIMEOUT_MS })
  return {
    server,
    logs,
    metricLines,
    async destroy() {
      await server.close()
      client.destroy()
    },
  }
}

async function askUserInfo(server: LambdaHttpServer): Promise<Response> {
  const token = await sign(
    key,
    accessTokenClaims(ISSUER, USER_SUB, { client_id: WEB_CLIENT, scope: 'openid profile tenant' }),
  )
  return fetch(new URL('/userinfo', server.url), { headers: { authorization: `Bearer ${token}` } })
}

describe('the userinfo endpoint when the store fails', () => {
  it.each(
    FAULT_CASES,
  )('answers within budget, 503 without internals unless it can, under $name', async (faultCase) => {
    const endpoint = await serveEndpoint()
    try {
      await proxy.setFault({ kind: 'pass' })
      expect((await askUserInfo(endpoint.server)).status).toBe(200)
      const logStart = endpoint.logs.length
      const metricStart = endpoint.metricLines.length
      proxy.resetCounts()

      await proxy.setFault(faultCase.fault)
      const started = performance.now()
      const response = await askUserInfo(endpoint.server)
      const text = await response.text()
      const ms = performance.now() - started
      await proxy.setFault({ kind: 'pass' })

      reportFigures('store faults', `userinfo warm | ${faultCase.name} | -`, {
        outcome: response.status,
        ms,
        proxyRequests: proxy.requests,
      })
      expect(ms).toBeLessThan(BUDGET_MS)
      expect(proxy.requests).toBe(faultCase.proxyRequests)
      if (faultCase.answers) {
        expect(response.status).toBe(200)
        expect(JSON.parse(text)).toMatchObject({ sub: USER_SUB, tenant_id: 42 })
        return
      }
      expect(response.status).toBe(503)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('www-authenticate')).toBeNull()
      expect(JSON.parse(text)).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'the service is temporarily unavailable, retry later',
      })
      for (const marker of INTERNAL_MARKERS) expect(text).not.toContain(marker)
      const logs = endpoint.logs.slice(logStart)
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 'ERROR',
          message: 'userinfo request failed',
          status: 503,
        }),
      )
      expect(JSON.stringify(logs)).toContain(faultCase.logMarker)
      expect(metricTotals(endpoint.metricLines.slice(metricStart))).toMatchObject({
        UserInfoFailed: 1,
      })
    } finally {
      await endpoint.destroy()
    }
  })
})
