import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type BundleFunction, loadBundleFunction } from '../../lib/local/bundle-function.js'
import { ensureBundles } from '../../lib/local/ensure-bundles.js'
import { createLambdaContext } from '../../lib/local/lambda-context.js'

// The built pre-authentication function as Lambda runs it, configured only
// through Powertools' environment variables: its log lines and EMF carry
// what Powertools' Logger and Metrics would.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TRACE_ROOT = '1-5759e988-bd862e3fe1be46a994272793'

let dir: string
let fn: BundleFunction
const lines: Array<Record<string, unknown>> = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-powertools-contract-'))
  const { paths } = await ensureBundles({
    rootDir: ROOT,
    distDir: join(dir, 'dist'),
    names: ['pre-authentication'],
  })
  fn = loadBundleFunction(paths['pre-authentication'] as string, {
    env: {
      // A table that does not exist: the store fails, which is logged and counted.
      CLAIMS_TABLE: 'claimsmith-powertools-contract-missing',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbLocalEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'warn',
      POWERTOOLS_SERVICE_NAME: 'identity-claims',
      POWERTOOLS_METRICS_NAMESPACE: 'Identity',
      _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=53995c3f42cd8ad8;Sampled=1`,
    },
    onLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  })
  const event = JSON.parse(
    await readFile(join(ROOT, 'test', 'fixtures', 'cognito', 'pre-authentication.json'), 'utf8'),
  ) as unknown
  for (const awsRequestId of ['request-1', 'request-2']) {
    const context = createLambdaContext({
      functionName: 'pre-authentication',
      awsRequestId,
      deadline: Date.now() + 10_000,
      region: 'us-east-1',
      memoryLimitInMB: 256,
    })
    await fn.handler(event, context).catch(() => {})
  }
}, 60_000)

afterAll(async () => {
  await fn?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('Powertools conventions of a built function', () => {
  it("writes Powertools' standard keys, in its order, with the invocation's context", () => {
    const entries = lines.filter((line) => typeof line.message === 'string')
    const first = entries.find((entry) => entry.function_request_id === 'request-1')
    const second = entries.find((entry) => entry.function_request_id === 'request-2')

    expect(Object.keys(first ?? {}).slice(0, 10)).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'cold_start',
      'function_arn',
      'function_memory_size',
      'function_name',
      'function_request_id',
      'xray_trace_id',
    ])
    expect(first).toMatchObject({
      level: expect.stringMatching(/^(WARN|ERROR)$/),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'identity-claims',
      cold_start: true,
      function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:pre-authentication',
      function_memory_size: 256,
      function_name: 'pre-authentication',
      xray_trace_id: TRACE_ROOT,
    })
    expect(second).toMatchObject({ cold_start: false, service: 'identity-claims' })
  })

  it('publishes metrics in the POWERTOOLS_METRICS_NAMESPACE with the service as dimension', () => {
    const emf = lines.filter((line) => '_aws' in line)

    expect(emf.length).toBeGreaterThan(0)
    for (const line of emf) {
      expect(line).toMatchObject({
        _aws: { CloudWatchMetrics: [{ Namespace: 'Identity', Dimensions: [['service']] }] },
        service: 'identity-claims',
      })
    }
  })
})
