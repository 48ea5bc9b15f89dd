/**
 * The benchmark of issue 8: builds the bundles, starts DynamoDB Local, and
 * measures in one run bundle sizes, cold starts against a minimal GetItem
 * function, warm latency against a bare GetItem, DynamoDB requests per
 * invocation, the core alone, userinfo, introspection, memory, and the cost of a cold start
 * and of a warm token as the number of clients grows, and `users import` of
 * many users (bulk). Prints a table with
 * PASS/MISS per target and writes bench/results.json.
 *
 *   tsx bench/run.ts [--quick] [--json] [--out bench/results.json] [--bulk-users 100000,1000000]
 *
 * --quick runs a few iterations only (the smoke test's mode): its numbers are
 * not to be trusted. --json prints the results as JSON instead of the table.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type DynamoDbLocal, startDynamoDbLocal } from '../lib/local/start-dynamodb-local.js'
import { measureBulk } from './sections/bulk.js'
import { measureColdStarts } from './sections/cold-start.js'
import { measureCoreScaling } from './sections/core-scaling.js'
import { measureIntrospectionLatency } from './sections/introspection-latency.js'
import { measureMemory } from './sections/memory.js'
import { countRequests } from './sections/request-counts.js'
import { measureScale } from './sections/scale.js'
import { measureUserInfoLatency } from './sections/userinfo-latency.js'
import { measureWarmLatency } from './sections/warm-latency.js'
import type { BenchResults, BundleSize } from './support/bench-results.js'
import { type BenchTable, openBenchTable } from './support/bench-table.js'
import {
  type BenchBundles,
  buildBenchBundles,
  POWERTOOLS_VARIANT,
  REFERENCE_NAME,
  ROOT_DIR,
} from './support/build-bench-bundles.js'
import { evaluateTargets } from './support/evaluate-targets.js'
import { formatReport } from './support/format-report.js'
import { loadInProcessFunctions } from './support/in-process-bundle.js'
import { killOnExit } from './support/kill-on-exit.js'
import { lambdaEnvironment } from './support/lambda-environment.js'
import { startTokenIssuer, type TokenIssuer } from './support/token-issuer.js'
import {
  CLIENT_ID,
  TYPICAL_SCOPES,
  typicalPreAuthenticationEvent,
  typicalPreTokenGenerationEvent,
  USER_SUB,
  userInfoEvent,
} from './support/typical-profile.js'

// The in-process measurements create SDK clients here: no Node.js version warning in the report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: resolve(ROOT_DIR, 'bench', 'results.json') },
    'bulk-users': { type: 'string' },
  },
  strict: true,
})
const quick = values.quick

/** Users per import in the bulk section: `--bulk-users 100000,1000000`, or the mode's default. */
function bulkSizes(): number[] {
  const text = values['bulk-users']
  if (text === undefined) return quick ? [500] : [100_000, 1_000_000]
  const sizes = text.split(',').map(Number)
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1)) {
    throw new Error(`--bulk-users must be positive integers separated by commas, not ${text}`)
  }
  return sizes
}
const outPath = resolve(values.out)

/** Iterations per section: the full run's, or a few for the smoke test. */
const PLAN = quick
  ? {
      coldStartProcesses: 2,
      warmup: 20,
      iterations: 50,
      requestInvocations: 10,
      coreRounds: 3,
      coreBatchMs: 5,
      coreWarmupMs: 30,
      coreGetItemsPerRound: 5,
      memoryWarmup: 50,
      memoryInvocations: 200,
      memorySettleMs: 5_500,
      scaleColdStarts: 2,
      scaleWarmup: 20,
      scaleIterations: 50,
    }
  : {
      coldStartProcesses: 20,
      warmup: 300,
      iterations: 3_000,
      requestInvocations: 200,
      coreRounds: 31,
      coreBatchMs: 25,
      coreWarmupMs: 500,
      coreGetItemsPerRound: 20,
      memoryWarmup: 1_000,
      memoryInvocations: 10_000,
      memorySettleMs: 17_500,
      scaleColdStarts: 20,
      scaleWarmup: 300,
      scaleIterations: 2_000,
    }

/** The sizes of the scale section; the first is the baseline. The same in quick mode, so the smoke test covers them. */
const SCALE_CLIENT_COUNTS = [10, 1_000, 10_000] as const

const startedAt = performance.now()
const progress = (message: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}\n`,
  )

function checkResult(functionName: string, result: unknown): string | undefined {
  const answer = result as Record<string, unknown> | undefined
  switch (functionName) {
    case 'pre-token-generation':
    case POWERTOOLS_VARIANT:
    case 'pre-authentication':
      return typeof answer?.response === 'object'
        ? undefined
        : `no response: ${JSON.stringify(result)}`
    case 'userinfo':
      return answer?.statusCode === 200 ? undefined : `not 200: ${JSON.stringify(result)}`
    case REFERENCE_NAME:
      return answer?.found === true ? undefined : `item not found: ${JSON.stringify(result)}`
    default:
      return `unknown function ${functionName}`
  }
}

async function main(): Promise<BenchResults> {
  let local: DynamoDbLocal | undefined
  let built: BenchBundles | undefined
  let opened: BenchTable | undefined
  let tokenIssuer: TokenIssuer | undefined
  try {
    progress('building the bundles and starting DynamoDB Local')
    const starting = startDynamoDbLocal()
    const building = buildBenchBundles()
    // Kept as soon as each is ready, so that whichever fails, the other is cleaned up.
    starting.then(
      (started) => {
        local = started
        // Also on SIGINT/SIGTERM, which the benchmark turns into an exit.
        killOnExit(started.process)
      },
      () => {},
    )
    building.then(
      (bundles) => {
        built = bundles
      },
      () => {},
    )
    const [bundles, started] = await Promise.all([building, starting])
    const functions = await loadInProcessFunctions(bundles.inProcess)
    const table = await openBenchTable(started.endpoint, functions)
    opened = table
    const issuer = await startTokenIssuer()
    tokenIssuer = issuer
    const bundleSizes: BundleSize[] = Object.entries(bundles.functions).flatMap(([sdk, built]) =>
      built.map((each) => ({
        name: each.name,
        sdk: sdk as BundleSize['sdk'],
        bytes: each.bytes,
        gzipBytes: each.gzipBytes,
      })),
    )

    progress('counting DynamoDB requests')
    const requests = await countRequests({ table, functions, invocations: PLAN.requestInvocations })
    progress('warm latency of pre-token-generation')
    const warm = await measureWarmLatency({
      table,
      functions,
      warmup: PLAN.warmup,
      iterations: PLAN.iterations,
    })
    progress('the core alone')
    const coreClient = table.newClient()
    const coreScaling = await measureCoreScaling({
      sizes: [10, 50, 500],
      rounds: PLAN.coreRounds,
      batchMs: PLAN.coreBatchMs,
      warmupMs: PLAN.coreWarmupMs,
      getItem: () => functions.getUserItem(coreClient, table.tableName, USER_SUB),
      getItemsPerRound: PLAN.coreGetItemsPerRound,
    })
    const micros = (claims: number) =>
      coreScaling.rows.find((row) => row.claims === claims)?.microsPerCall ?? Number.NaN
    const { getItemP50Micros } = coreScaling
    progress('userinfo')
    const userinfo = await measureUserInfoLatency({
      table,
      functions,
      tokenIssuer: issuer,
      warmup: PLAN.warmup,
      iterations: PLAN.iterations,
    })
    progress('introspection')
    const introspection = await measureIntrospectionLatency({
      table,
      functions,
      tokenIssuer: issuer,
      warmup: PLAN.warmup,
      iterations: PLAN.iterations,
    })

    const accessToken = await issuer.accessToken(USER_SUB, CLIENT_ID, TYPICAL_SCOPES)
    const events: Record<string, unknown> = {
      'pre-token-generation': typicalPreTokenGenerationEvent(),
      'pre-authentication': typicalPreAuthenticationEvent(),
      userinfo: userInfoEvent(accessToken),
      [POWERTOOLS_VARIANT]: typicalPreTokenGenerationEvent(),
      [REFERENCE_NAME]: typicalPreTokenGenerationEvent(),
    }
    const env = lambdaEnvironment({
      endpoint: table.endpoint,
      tableName: table.tableName,
      issuer: issuer.issuer,
      jwksUrl: issuer.jwksUrl,
    })
    progress('cold starts')
    const coldStart = await measureColdStarts({
      bundles,
      processes: PLAN.coldStartProcesses,
      env,
      eventOf: (functionName) => events[functionName],
      check: checkResult,
      onProgress: progress,
    })
    progress(`memory over ${PLAN.memoryInvocations} invocations`)
    const memory = await measureMemory({
      bundles,
      sdk: 'bundled',
      functionName: 'pre-token-generation',
      event: events['pre-token-generation'],
      env: env('pre-token-generation'),
      warmup: PLAN.memoryWarmup,
      invocations: PLAN.memoryInvocations,
      settleMs: PLAN.memorySettleMs,
    })

    progress('scale: 10, 1,000 and 10,000 clients')
    const scale = await measureScale({
      endpoint: table.endpoint,
      bundles,
      functions,
      env: (tableName) =>
        lambdaEnvironment({
          endpoint: table.endpoint,
          tableName,
          issuer: issuer.issuer,
          jwksUrl: issuer.jwksUrl,
        })('pre-token-generation'),
      clientCounts: SCALE_CLIENT_COUNTS,
      coldStarts: PLAN.scaleColdStarts,
      warmup: PLAN.scaleWarmup,
      iterations: PLAN.scaleIterations,
      onProgress: progress,
    })
    const bulk = await measureBulk({
      endpoint: table.endpoint,
      sizes: bulkSizes(),
      concurrency: 8,
      onProgress: progress,
    })

    const partial: Omit<BenchResults, 'targets'> = {
      meta: {
        date: new Date().toISOString(),
        quick,
        node: process.version,
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown CPU',
        platform: `${process.platform} ${process.arch}`,
      },
      bundles: bundleSizes,
      coldStart,
      warm,
      requests,
      core: {
        rows: coreScaling.rows,
        getItemP50Micros,
        ratio50ToGetItem: micros(50) / getItemP50Micros,
        growth500Over50: micros(500) / micros(50),
      },
      userinfo,
      introspection,
      memory,
      scale,
      bulk,
    }
    return { ...partial, targets: evaluateTargets(partial) }
  } finally {
    await tokenIssuer?.close()
    opened?.close()
    await local?.stop()
    await built?.remove()
  }
}

try {
  const results = await main()
  await mkdir(dirname(outPath), { recursive: true })
  await writeFile(outPath, `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write(
    values.json ? `${JSON.stringify(results, null, 2)}\n` : formatReport(results),
  )
  progress(`results written to ${outPath}`)
} catch (error) {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exitCode = 1
}
