import { pathToFileURL } from 'node:url'

/** The exports of bench/in-process/functions.ts, as its built bundle has them. */
export type InProcessFunctions = typeof import('../in-process/functions.js')

/**
 * Imports the built in-process bundle (`BenchBundles.inProcess`), so the warm
 * measurements run the deployed build of the code, not its TypeScript source.
 *
 * @example
 * const functions = await loadInProcessFunctions(bundles.inProcess)
 */
export async function loadInProcessFunctions(bundlePath: string): Promise<InProcessFunctions> {
  return (await import(pathToFileURL(bundlePath).href)) as InProcessFunctions
}
