import { existsSync } from 'node:fs'
import { basename, dirname, extname, join, relative } from 'node:path'
import { main } from '../cli/main.js'

/** What `claimsmith test` said about the configuration's tests file. */
export interface LocalClaimsTestsResult {
  /** The tests file run, as shown. */
  readonly testsFile: string
  /** `claimsmith test`'s exit code: 0 when every case passed. */
  readonly code: number
  readonly output: string
}

/**
 * Runs `claimsmith test` once over the local stack's configuration file and
 * the tests file next to it (`claimsmith.yaml` → `claimsmith.tests.yaml`),
 * as a CI job would, and logs what it prints. `undefined` when there is no
 * such tests file.
 *
 * @example
 * await runLocalClaimsTests('/repo/examples/claimsmith.yaml', '/repo', console.log)
 */
export async function runLocalClaimsTests(
  configurationPath: string,
  rootDir: string,
  log: (text: string) => void,
): Promise<LocalClaimsTestsResult | undefined> {
  const extension = extname(configurationPath)
  const testsPath = join(
    dirname(configurationPath),
    `${basename(configurationPath, extension)}.tests${extension}`,
  )
  if (!existsSync(testsPath)) return undefined
  const shown = (path: string) =>
    relative(rootDir, path).startsWith('..') ? path : relative(rootDir, path)
  let output = ''
  const stream = {
    write: (chunk: string) => {
      output += chunk
      return true
    },
  }
  const args = ['test', shown(configurationPath), shown(testsPath)]
  const code = await main(args, { stdout: stream, stderr: stream, cwd: () => rootDir })
  log(`$ claimsmith ${args.join(' ')}\n${output.trimEnd()}`)
  return { testsFile: shown(testsPath), code, output }
}
