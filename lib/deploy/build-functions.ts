import { existsSync } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { FUNCTION_ENTRIES, type FunctionEntry } from './function-entries.js'
import { writeDeterministicZip } from './write-deterministic-zip.js'

export interface BuildFunctionsOptions {
  /** Defaults to this repository's root. */
  readonly rootDir?: string
  /** Defaults to `dist` under `rootDir`. */
  readonly outDir?: string
  /** Defaults to every function serverless.yml deploys. */
  readonly functions?: readonly FunctionEntry[]
  /**
   * Leave `@aws-sdk/*` and `@smithy/*` out of the bundles and use the copy in
   * the Lambda runtime. Defaults to false: bundling pins the SDK version that
   * was tested and lets esbuild drop what the functions do not use.
   */
  readonly externalSdk?: boolean
  /** Defaults to true. */
  readonly minify?: boolean
  /** Write dist/<name>.zip for deployment. Defaults to true. */
  readonly zip?: boolean
}

export interface BuiltFunction {
  readonly name: string
  /** dist/<name>/index.mjs */
  readonly bundlePath: string
  /** dist/<name>/index.mjs.map */
  readonly sourceMapPath: string
  /** dist/<name>.zip, when zips were asked for. */
  readonly zipPath: string | undefined
  readonly bytes: number
  readonly gzipBytes: number
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The packages the Lambda Node.js runtime provides (AWS SDK for JavaScript v3). */
export const RUNTIME_SDK_PACKAGES = Object.freeze(['@aws-sdk/*', '@smithy/*'])

/**
 * esbuild's target: the oldest Node.js the package supports (`engines.node`),
 * which the tests run on, so a bundle that passes them also runs on Lambda's
 * newer nodejs24.x.
 */
export const BUNDLE_TARGET = 'node20'

// Bundled CommonJS code calls `require` for Node built-ins; an ES module has none.
export const REQUIRE_BANNER = [
  "import { createRequire as __claimsmithCreateRequire } from 'node:module';",
  'const require = __claimsmithCreateRequire(import.meta.url);',
].join('\n')

/**
 * Bundles each function with esbuild to `<outDir>/<name>/index.mjs` (ES
 * module, for {@link BUNDLE_TARGET}, minified, external source map) and, unless told not to,
 * zips the bundle and its map to `<outDir>/<name>.zip` with fixed timestamps.
 * Resolves to each bundle's size, raw and gzipped.
 *
 * @example
 * const built = await buildFunctions({ externalSdk: true })
 * for (const f of built) console.log(f.name, f.bytes, f.gzipBytes)
 */
export async function buildFunctions(
  options: BuildFunctionsOptions = {},
): Promise<BuiltFunction[]> {
  const rootDir = resolve(options.rootDir ?? DEFAULT_ROOT)
  const outDir = resolve(rootDir, options.outDir ?? 'dist')
  const functions = options.functions ?? FUNCTION_ENTRIES
  if (functions.length === 0) throw new TypeError('buildFunctions: no functions to build')
  const missing = functions.filter((f) => !existsSync(resolve(rootDir, f.entry)))
  if (missing.length > 0) {
    throw new Error(
      `buildFunctions: missing entry points: ${missing.map((f) => f.entry).join(', ')}`,
    )
  }

  await mkdir(outDir, { recursive: true })
  for (const f of functions) {
    await rm(join(outDir, f.name), { recursive: true, force: true })
    await rm(join(outDir, `${f.name}.zip`), { force: true })
  }

  await build({
    absWorkingDir: rootDir,
    entryPoints: functions.map((f) => ({ in: f.entry, out: `${f.name}/index` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: BUNDLE_TARGET,
    // ES module builds of dependencies tree-shake better than their CommonJS ones.
    mainFields: ['module', 'main'],
    minify: options.minify ?? true,
    // keepNames would wrap every function and class in a call that renames it, at run time:
    // ~10 % of the cold start and of each SDK call. Error classes state their names instead.
    keepNames: false,
    // 'linked' writes the map next to the bundle and the comment Node.js needs to find it.
    sourcemap: 'linked',
    // Stack traces need the mappings only; the sources stay out of the deployment package.
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    external: options.externalSdk ? [...RUNTIME_SDK_PACKAGES] : [],
    logLevel: 'warning',
  })

  const built: BuiltFunction[] = []
  for (const f of functions) {
    const bundlePath = join(outDir, f.name, 'index.mjs')
    const sourceMapPath = `${bundlePath}.map`
    const code = await readFile(bundlePath)
    let zipPath: string | undefined
    if (options.zip ?? true) {
      zipPath = join(outDir, `${f.name}.zip`)
      await writeDeterministicZip(zipPath, [
        { name: 'index.mjs', content: code },
        { name: 'index.mjs.map', content: await readFile(sourceMapPath) },
      ])
    }
    built.push({
      name: f.name,
      bundlePath,
      sourceMapPath,
      zipPath,
      bytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    })
  }
  return built
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

/**
 * A size table for the console.
 *
 * @example
 * console.log(formatBuildReport(await buildFunctions()))
 */
export function formatBuildReport(built: readonly BuiltFunction[]): string {
  const rows = [
    ['function', 'bundle', 'gzip'],
    ...built.map((f) => [f.name, kib(f.bytes), kib(f.gzipBytes)]),
  ]
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)))
  return rows
    .map(([name = '', raw = '', gzip = '']) =>
      [
        name.padEnd(widths[0] ?? 0),
        raw.padStart(widths[1] ?? 0),
        gzip.padStart(widths[2] ?? 0),
      ].join('  '),
    )
    .join('\n')
}
