import { rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type BuiltFunction, buildFunctions } from '../../lib/deploy/build-functions.js'
import { FUNCTION_ENTRIES, type FunctionEntry } from '../../lib/deploy/function-entries.js'

/** Where the AWS SDK comes from at run time. */
export type SdkMode = 'bundled' | 'external'

export const SDK_MODES: readonly SdkMode[] = ['bundled', 'external']

/** The functions the benchmark measures, as serverless.yml deploys them. */
export const MEASURED_FUNCTIONS: readonly string[] = [
  'pre-token-generation',
  'pre-authentication',
  'userinfo',
]

/** The bundle name of the cold-start reference. */
export const REFERENCE_NAME = 'reference-get-item'

/**
 * pre-token-generation with Powertools' Logger and Metrics in place of the
 * in-house ones: measured in the cold-start section only.
 */
export const POWERTOOLS_VARIANT = 'pre-token-generation-powertools'

const POWERTOOLS_ENTRY: FunctionEntry = {
  name: POWERTOOLS_VARIANT,
  entry: 'bench/variants/pre-token-generation-powertools.ts',
}

const REFERENCE_ENTRY: FunctionEntry = {
  name: REFERENCE_NAME,
  entry: 'bench/reference/get-item-handler.ts',
}

const IN_PROCESS_ENTRY: FunctionEntry = {
  name: 'in-process',
  entry: 'bench/in-process/functions.ts',
}

/** Every bundle of the run, by SDK mode, and the child scripts. */
export interface BenchBundles {
  readonly functions: Readonly<Record<SdkMode, readonly BuiltFunction[]>>
  /** bench/in-process/functions.ts, built as the functions are (SDK bundled), for the warm measurements. */
  readonly inProcess: string
  readonly children: { readonly coldStart: string; readonly memory: string }
  /** Deletes the run's directory. */
  remove(): Promise<void>
}

export const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Builds the measured functions and the reference with the project's own
 * `buildFunctions` (the same esbuild settings for all of them), once with the
 * AWS SDK bundled and once with it left to the runtime, under
 * `dist/bench/sdk-<mode>`. Inside the repository, so that an SDK-external
 * bundle finds the SDK in node_modules as Lambda's finds the runtime's copy.
 * The child scripts are bundled to plain ES modules, so they run without tsx.
 *
 * @example
 * const bundles = await buildBenchBundles()
 */
export async function buildBenchBundles(): Promise<BenchBundles> {
  const entries = [
    ...FUNCTION_ENTRIES.filter((entry) => MEASURED_FUNCTIONS.includes(entry.name)),
    POWERTOOLS_ENTRY,
    REFERENCE_ENTRY,
  ]
  const runDir = join(ROOT_DIR, 'dist', 'bench', `run-${process.pid}`)
  // Also on SIGINT or a crash, which exit without running the caller's cleanup.
  const removeOnExit = () => rmSync(runDir, { recursive: true, force: true })
  process.once('exit', removeOnExit)
  const functions: Record<SdkMode, readonly BuiltFunction[]> = { bundled: [], external: [] }
  for (const mode of SDK_MODES) {
    functions[mode] = await buildFunctions({
      functions: entries,
      outDir: join(runDir, `sdk-${mode}`),
      externalSdk: mode === 'external',
      zip: false,
    })
  }
  const [inProcess] = await buildFunctions({
    functions: [IN_PROCESS_ENTRY],
    outDir: join(runDir, 'in-process'),
    zip: false,
  })
  if (inProcess === undefined) throw new Error('the in-process bundle was not built')
  const children = await buildChildScripts(join(runDir, 'children'))
  return {
    functions,
    inProcess: inProcess.bundlePath,
    children,
    remove: async () => {
      process.off('exit', removeOnExit)
      await rm(runDir, { recursive: true, force: true })
    },
  }
}

/**
 * The child scripts, bundled to plain ES modules in `outDir` so they run
 * without tsx (whose loader would slow every import they make).
 */
export async function buildChildScripts(outDir: string): Promise<BenchBundles['children']> {
  await build({
    absWorkingDir: ROOT_DIR,
    entryPoints: {
      'cold-start': 'bench/children/cold-start.ts',
      memory: 'bench/children/memory.ts',
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  })
  return { coldStart: join(outDir, 'cold-start.mjs'), memory: join(outDir, 'memory.mjs') }
}

/** The built bundle of `name` in `mode`. */
export function bundleOf(bundles: BenchBundles, mode: SdkMode, name: string): BuiltFunction {
  const found = bundles.functions[mode].find((each) => each.name === name)
  if (found === undefined) throw new Error(`no ${mode} bundle of ${name}`)
  return found
}
