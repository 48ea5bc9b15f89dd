#!/usr/bin/env node
// The claimsmith CLI. Node 20 cannot import TypeScript, so this runs the
// bundle `npm run build` makes from lib/cli/main.ts; for development run
// `npx tsx lib/cli/main.ts …` instead.
import { existsSync } from 'node:fs'

// The AWS SDK warns, in 8 lines on every command, that its releases after
// January 2027 need Node.js 22; claimsmith supports Node.js 20 until then.
// An explicit setting of the variable is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const bundle = new URL('../dist/cli/claimsmith.mjs', import.meta.url)

if (existsSync(bundle)) {
  const { main } = await import(bundle.href)
  process.exitCode = await main(process.argv.slice(2), process)
} else {
  process.stderr.write('claimsmith: the CLI is not built: run `npm run build` first\n')
  process.exitCode = 1
}
