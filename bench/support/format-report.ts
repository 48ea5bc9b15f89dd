import type { BenchResults } from './bench-results.js'
import { formatTable } from './format-table.js'

const kib = (bytes: number) => (bytes / 1024).toFixed(1)
const ms = (value: number) => value.toFixed(2)
const ratio = (value: number) => value.toFixed(3)
const percent = (value: number) => `${(value * 100).toFixed(1)} %`
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

/**
 * The run as the console table: every section, then PASS/MISS per target.
 * Absolute times are printed for context only; on a shared machine the
 * ratios are what counts.
 */
export function formatReport(results: BenchResults): string {
  const { meta, coldStart, warm, requests, core, userinfo, introspection, memory } = results
  const sections: string[] = []
  sections.push(
    `claimsmith benchmark — ${meta.date}${meta.quick ? ' (quick: too few iterations to trust)' : ''}\n` +
      `${meta.cpu}, ${meta.nproc} CPUs, Node.js ${meta.node}, ${meta.platform}`,
  )

  sections.push(
    `1. Bundle size\n${formatTable(
      ['bundle', 'SDK', 'raw KiB', 'gzip KiB'],
      results.bundles.map((b) => [b.name, b.sdk, kib(b.bytes), kib(b.gzipBytes)]),
      2,
    )}`,
  )

  sections.push(
    `2. Cold start: import + first invocation, median of ${coldStart.processes} processes each, interleaved (ratio: median of per-round ratios)\n${formatTable(
      ['bundle', 'SDK', 'import ms', 'invoke ms', 'total ms', '/ reference'],
      coldStart.rows.map((row) => [
        row.name,
        row.sdk,
        ms(row.importMs),
        ms(row.invokeMs),
        ms(row.totalMs),
        ratio(row.ratioToReference),
      ]),
      2,
    )}\nSDK external / SDK bundled (total): ${Object.entries(coldStart.externalOverBundled)
      .map(([name, value]) => `${name} ${ratio(value)}`)
      .join(', ')}\nfaster for pre-token-generation: SDK ${coldStart.faster}`,
  )

  const latencyRows = (name: string, result: typeof warm | typeof userinfo) => [
    [name, ms(result.candidate.p50), ms(result.candidate.p99)],
    ['bare GetItem, same client', ms(result.getItem.p50), ms(result.getItem.p99)],
    ['ratio', ratio(result.ratioP50), ratio(result.ratioP99)],
  ]
  sections.push(
    `3. Warm latency, ${warm.iterations} interleaved pairs against DynamoDB Local ` +
      `(typical profile: ${warm.claimsIssued.idToken} ID-token and ${warm.claimsIssued.accessToken} access-token claims)\n` +
      formatTable(['', 'p50 ms', 'p99 ms'], latencyRows('pre-token-generation V2', warm)),
  )

  sections.push(
    `4. DynamoDB requests per invocation (counted on the client)\n${formatTable(
      ['invocation', 'GetItem', 'Query', 'total'],
      [
        [
          'first (cold)',
          String(requests.cold.GetItem ?? 0),
          String(requests.cold.Query ?? 0),
          String(Object.values(requests.cold).reduce((sum, n) => sum + n, 0)),
        ],
        ...(['min', 'max'] as const).map((bound) => [
          `warm, ${bound} of ${requests.warmInvocations}`,
          String(requests.warm.getItem[bound]),
          String(requests.warm.query[bound]),
          String(requests.warm.total[bound]),
        ]),
      ],
    )}`,
  )

  sections.push(
    `5. Core alone (the claims pipeline on an in-memory store; ID + access token)\n${formatTable(
      ['stored claims', 'claims issued', 'µs per call', '/ GetItem p50'],
      core.rows.map((row) => [
        String(row.claims),
        String(row.claimsIssued),
        row.microsPerCall.toFixed(1),
        percent(row.microsPerCall / core.getItemP50Micros),
      ]),
    )}\n500 / 50 claims: ${core.growth500Over50.toFixed(2)}× for 10× the claims`,
  )

  sections.push(
    `6. Userinfo with token verification (key set cached, ${userinfo.jwksRequests} key set fetch), ` +
      `${userinfo.iterations} interleaved pairs\n` +
      formatTable(['', 'p50 ms', 'p99 ms'], latencyRows('userinfo', userinfo)) +
      `\nIntrospection of the same token by a resource server, both tokens verified ` +
      `(key set cached, ${introspection.jwksRequests} key set fetch), ${introspection.iterations} interleaved pairs\n` +
      formatTable(['', 'p50 ms', 'p99 ms'], latencyRows('introspection', introspection)),
  )

  sections.push(
    `7. Memory of the ${memory.functionName} bundle (SDK ${memory.sdk}), read ${memory.settleMs / 1000} s after the last invocation, after gc()\n${formatTable(
      ['when', 'RSS MiB', 'heap used MiB'],
      [
        [
          `after ${memory.warmup} warm-up invocations`,
          mib(memory.afterWarmup.rss),
          mib(memory.afterWarmup.heapUsed),
        ],
        [
          `after ${memory.invocations} more`,
          mib(memory.afterRun.rss),
          mib(memory.afterRun.heapUsed),
        ],
        ['growth', percent(memory.rssGrowth), percent(memory.heapUsedGrowth)],
      ],
    )}`,
  )

  const { scale } = results
  sections.push(
    `8. Scale: pre-token-generation (SDK bundled) against tables of more and more clients, ` +
      `${scale.coldStarts} cold starts and ${scale.iterations} warm invocations per size, interleaved\n` +
      formatTable(
        [
          'clients',
          'cold ms',
          'first invoke ms',
          'cold ratio',
          'bytes read cold',
          'requests cold',
          'warm p50 ms',
          'warm ratio',
        ],
        scale.rows.map((row) => [
          String(row.clients),
          row.coldStartMs.toFixed(1),
          row.coldInvokeMs.toFixed(1),
          row.coldRatio.toFixed(3),
          String(row.coldBytesRead),
          String(row.coldRequests),
          row.warmP50Ms.toFixed(3),
          row.warmRatio.toFixed(3),
        ]),
      ),
  )

  const { bulk } = results
  sections.push(
    `9. Bulk: claimsmith users import (built CLI, --concurrency ${bulk.concurrency}) into DynamoDB Local, then the same file again\n` +
      formatTable(
        [
          'users',
          'format',
          'file MiB',
          'seconds',
          'users/s',
          'peak RSS MiB',
          'rerun skipped',
          'rerun s',
        ],
        bulk.rows.map((row) => [
          String(row.users),
          row.format,
          mib(row.fileBytes),
          row.seconds.toFixed(1),
          row.usersPerSecond.toFixed(0),
          mib(row.peakRssBytes),
          String(row.rerunSkipped),
          row.rerunSeconds.toFixed(1),
        ]),
      ),
  )

  sections.push(
    `Targets\n${formatTable(
      ['', 'target', 'value', 'limit'],
      results.targets.map((target) => [
        target.pass ? 'PASS' : 'MISS',
        target.description,
        Number.isInteger(target.value) ? String(target.value) : target.value.toFixed(3),
        `${target.comparison} ${target.limit}`,
      ]),
      2,
    )}`,
  )
  return `${sections.join('\n\n')}\n`
}
