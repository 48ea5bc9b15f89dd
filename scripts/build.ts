/**
 * Builds the Lambda bundles and zips serverless.yml deploys.
 *
 * and the CLI bundle bin/claimsmith.js runs.
 *
 *   tsx scripts/build.ts [--external-sdk] [--no-minify] [--no-zip] [--only a,b] [--out-dir dist]
 *   tsx scripts/build.ts --cli-only      (run by npm's prepare step, so a fresh install has the CLI)
 */
import { parseArgs } from 'node:util'
import { buildCli } from '../lib/deploy/build-cli.js'
import { buildFunctions, formatBuildReport } from '../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../lib/deploy/function-entries.js'

const { values } = parseArgs({
  options: {
    'external-sdk': { type: 'boolean', default: false },
    'no-minify': { type: 'boolean', default: false },
    'no-zip': { type: 'boolean', default: false },
    only: { type: 'string' },
    'out-dir': { type: 'string' },
    'cli-only': { type: 'boolean', default: false },
  },
  strict: true,
})

const only = values.only?.split(',').map((name) => name.trim())
const unknown = only?.filter((name) => !FUNCTION_ENTRIES.some((f) => f.name === name)) ?? []
if (unknown.length > 0) {
  console.error(
    `Unknown function ${unknown.join(', ')}; known: ${FUNCTION_ENTRIES.map((f) => f.name).join(', ')}`,
  )
  process.exit(2)
}

try {
  console.log(`CLI: ${await buildCli()}`)
  if (values['cli-only']) process.exit(0)
  const built = await buildFunctions({
    functions: only ? FUNCTION_ENTRIES.filter((f) => only.includes(f.name)) : FUNCTION_ENTRIES,
    externalSdk: values['external-sdk'],
    minify: !values['no-minify'],
    zip: !values['no-zip'],
    ...(values['out-dir'] === undefined ? {} : { outDir: values['out-dir'] }),
  })
  console.log(formatBuildReport(built))
  console.log(values['external-sdk'] ? 'AWS SDK: from the Lambda runtime' : 'AWS SDK: bundled')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
