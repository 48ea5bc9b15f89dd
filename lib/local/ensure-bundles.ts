import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { buildFunctions } from '../deploy/build-functions.js'
import { FUNCTION_ENTRIES } from '../deploy/function-entries.js'

/** Settings for `ensureBundles`. */
export interface EnsureBundlesOptions {
  /** The repository root. */
  readonly rootDir: string
  /** Where the bundles are (`<distDir>/<name>/index.mjs`). Default `<rootDir>/dist`. */
  readonly distDir?: string
  /** The functions needed, by bundle name. */
  readonly names: readonly string[]
  /** Told before a build starts, with the reason. */
  readonly onBuild?: (reason: string) => void
}

/** Where each function's bundle is, by name, and whether this call built them. */
export interface EnsuredBundles {
  readonly paths: Readonly<Record<string, string>>
  readonly built: boolean
}

// What the bundles can be made of. Every TypeScript file there counts, not
// only those a bundle's source map lists: esbuild leaves out of the map a
// module whose code it inlined entirely, and a needless rebuild costs seconds.
const SOURCE_DIRS = ['functions', 'lib']

async function newestSourceTime(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0
  let newest = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, await newestSourceTime(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs)
  }
  return newest
}

/** Why the bundle is stale, or `undefined` when it is newer than the sources and the lockfile. */
async function staleness(bundlePath: string, rootDir: string): Promise<string | undefined> {
  const built = (await stat(bundlePath)).mtimeMs
  const lockfile = join(rootDir, 'package-lock.json')
  if (existsSync(lockfile) && (await stat(lockfile)).mtimeMs > built) {
    return 'the dependencies changed since the last build'
  }
  for (const dir of SOURCE_DIRS) {
    if ((await newestSourceTime(join(rootDir, dir))) > built) {
      return 'the sources changed since the last build'
    }
  }
  return undefined
}

/**
 * Makes sure the built bundles of `names` exist and are newer than every
 * TypeScript file under functions/ and lib/ and than the lockfile; builds them
 * (as `npm run build` does, zips included) when one is missing or stale. The
 * local stack runs what would be deployed, not the sources.
 *
 * @example
 * const { paths } = await ensureBundles({ rootDir, names: ['pre-token-generation'] })
 * loadBundleFunction(paths['pre-token-generation'])
 */
export async function ensureBundles(options: EnsureBundlesOptions): Promise<EnsuredBundles> {
  const rootDir = resolve(options.rootDir)
  const distDir = resolve(rootDir, options.distDir ?? 'dist')
  const entries = options.names.map((name) => {
    const entry = FUNCTION_ENTRIES.find((f) => f.name === name)
    if (entry === undefined) throw new TypeError(`ensureBundles: no function named ${name}`)
    return entry
  })
  const paths = Object.fromEntries(
    entries.map((f) => [f.name, join(distDir, f.name, 'index.mjs')] as const),
  )

  const missing = entries.filter((f) => !existsSync(paths[f.name] as string))
  let reason: string | undefined
  if (missing.length > 0) {
    reason = `no bundle for ${missing.map((f) => f.name).join(', ')} in ${distDir}`
  } else {
    for (const f of entries) {
      reason = await staleness(paths[f.name] as string, rootDir)
      if (reason !== undefined) break
    }
  }
  if (reason === undefined) return { paths, built: false }

  options.onBuild?.(reason)
  await buildFunctions({ rootDir, outDir: distDir, functions: entries })
  return { paths, built: true }
}
