import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { REQUIRE_BANNER } from './build-functions.js'

export interface BuildCliOptions {
  /** The project root; defaults to this package's root. */
  readonly rootDir?: string | undefined
  /** Where the bundle goes, relative to the root; defaults to `dist/cli/claimsmith.mjs`. */
  readonly outFile?: string | undefined
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Bundles the claimsmith CLI (lib/cli/main.ts) into one ES module that
 * bin/claimsmith.js runs: Node 20 cannot import the TypeScript sources, and a
 * bundle starts faster than a loader that compiles them on every run.
 *
 * @example
 * const path = await buildCli() // dist/cli/claimsmith.mjs
 */
export async function buildCli(options: BuildCliOptions = {}): Promise<string> {
  const rootDir = resolve(options.rootDir ?? DEFAULT_ROOT)
  const outFile = resolve(rootDir, options.outFile ?? 'dist/cli/claimsmith.mjs')
  await build({
    absWorkingDir: rootDir,
    entryPoints: ['lib/cli/main.ts'],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    // The CLI runs on the user's machine, where Node 20 is the oldest supported.
    target: 'node20',
    mainFields: ['module', 'main'],
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  })
  return outFile
}
