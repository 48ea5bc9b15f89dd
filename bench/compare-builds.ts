/**
 * Cold starts of the pre-token-generation deploy bundles of two or more
 * checkouts, compared within one run, so that the machine's drift between
 * two `npm run bench` runs does not enter the comparison.
 *
 *   npx tsx bench/compare-builds.ts [--rounds 40] before=../claimsmith-old after=.
 *
 * Each checkout must have run `npm run build` (it needs
 * dist/pre-token-generation/index.mjs and dist/cli/claimsmith.mjs). Each
 * build gets its own table in one DynamoDB Local, created and filled by its
 * own CLI from its own examples/claimsmith.yaml, since the table's layout
 * may differ between versions. Every round starts one fresh process per
 * build, in an order rotated from round to round, each importing its bundle
 * and serving one V2 sign-in of the example user; the first round is not
 * recorded. It prints, per build, the medians of the import, the first
 * invocation and their total, and the median over the rounds of its total
 * over the first build's.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startDynamoDbLocal } from '../lib/local/start-dynamodb-local.js'
import type { ColdStartJob, ColdStartReport } from './children/cold-start.js'
import { buildChildScripts } from './support/build-bench-bundles.js'
import { lambdaEnvironment } from './support/lambda-environment.js'
import { runChild } from './support/run-child.js'
import { median } from './support/statistics.js'

const EXAMPLE_SUB = '8f1c0a2e-0000-4000-8000-000000000001'
const EXAMPLE_CLIENT = '6example2spa3client4id'

interface Build {
  readonly name: string
  readonly dir: string
  readonly tableName: string
  readonly reports: ColdStartReport[]
}

const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '40' } },
  allowPositionals: true,
  strict: true,
})
const rounds = Number(values.rounds)
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  console.error('--rounds must be a positive integer')
  process.exit(2)
}
const builds: Build[] = positionals.map((argument, i) => {
  const [name, dir] = argument.includes('=') ? argument.split('=', 2) : [argument, argument]
  return { name: name as string, dir: resolve(dir as string), tableName: `cold-${i}`, reports: [] }
})
if (builds.length < 2) {
  console.error('usage: compare-builds.ts [--rounds N] name=checkout name=checkout …')
  process.exit(2)
}
for (const build of builds) {
  for (const file of ['dist/pre-token-generation/index.mjs', 'dist/cli/claimsmith.mjs']) {
    if (!existsSync(join(build.dir, file))) {
      console.error(`${build.name}: ${join(build.dir, file)} is missing; run npm run build there`)
      process.exit(2)
    }
  }
}

const childrenDir = join(tmpdir(), `claimsmith-compare-builds-${process.pid}`)
const children = await buildChildScripts(childrenDir)
const local = await startDynamoDbLocal()
try {
  const envOf = (build: Build) =>
    lambdaEnvironment({
      endpoint: local.endpoint,
      tableName: build.tableName,
      issuer: 'http://127.0.0.1:1/unused',
      jwksUrl: 'http://127.0.0.1:1/unused/jwks.json',
    })('pre-token-generation')
  for (const build of builds) {
    const cli = (...args: string[]) =>
      execFileSync(
        process.execPath,
        [join(build.dir, 'dist/cli/claimsmith.mjs'), ...args, '--table', build.tableName],
        {
          cwd: build.dir,
          env: envOf(build),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
    cli('create-table', '--endpoint', local.endpoint)
    cli('apply', 'examples/claimsmith.yaml', '--yes', '--endpoint', local.endpoint)
  }
  const event = {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Example',
    userName: 'example-user',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: EXAMPLE_CLIENT },
    request: {
      userAttributes: { sub: EXAMPLE_SUB, email: 'user@example.com' },
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      scopes: ['openid', 'tenant', 'orders/read'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  }
  const answers = new Map<string, string>()
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < builds.length; i++) {
      const build = builds[(i + round) % builds.length] as Build
      const job: ColdStartJob = {
        bundlePath: join(build.dir, 'dist/pre-token-generation/index.mjs'),
        functionName: 'pre-token-generation',
        event,
      }
      const report = await runChild<ColdStartReport>(children.coldStart, job, {
        env: envOf(build),
        timeoutMs: 30_000,
      })
      answers.set(build.name, JSON.stringify((report.result as { response?: unknown }).response))
      if (round > 0) build.reports.push(report)
    }
  }
  const total = (report: ColdStartReport) => report.importMs + report.invokeMs
  const first = builds[0] as Build
  const rows = builds.map((build) => ({
    build: build.name,
    importMs: +median(build.reports.map((r) => r.importMs)).toFixed(1),
    invokeMs: +median(build.reports.map((r) => r.invokeMs)).toFixed(1),
    totalMs: +median(build.reports.map(total)).toFixed(1),
    [`over ${first.name}`]: +median(
      build.reports.map((r, i) => total(r) / total(first.reports[i] as ColdStartReport)),
    ).toFixed(3),
  }))
  console.log(`${rounds} rounds, medians in milliseconds`)
  console.table(rows)
  const distinct = new Set(answers.values())
  console.log(
    distinct.size === 1
      ? 'Every build gave the same response.'
      : `The builds' responses differ:\n${[...answers].map(([name, answer]) => `  ${name}: ${answer}`).join('\n')}`,
  )
} finally {
  await local.stop()
  await rm(childrenDir, { recursive: true, force: true })
}
