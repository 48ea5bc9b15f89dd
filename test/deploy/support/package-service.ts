import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { FUNCTION_ENTRIES } from '../../../lib/deploy/function-entries.js'
import { writeDeterministicZip } from '../../../lib/deploy/write-deterministic-zip.js'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const OSLS = createRequire(import.meta.url).resolve('osls/bin/serverless.js')

/** The region every packaging in the tests uses. */
export const PACKAGE_REGION = 'eu-west-1'

type Json = Record<string, unknown>

/** The parts of a CloudFormation template the tests read. */
export interface Template {
  readonly Resources: Record<string, { Type: string; Properties: Json } & Json>
  readonly Parameters?: Record<string, Json>
  readonly Conditions?: Json
  readonly Outputs: Record<string, Json>
}

/** A packaged template, and the file osls wrote it to (for the linters). */
export interface PackagedTemplate {
  readonly template: Template
  readonly path: string
}

export interface ServicePackager {
  /**
   * Runs `osls package` in a fresh copy of the service, with no AWS
   * credentials in the environment, and returns the template it writes.
   */
  package(stage: string, params: Record<string, string>): Promise<PackagedTemplate>
  /** Deletes every copy. */
  close(): Promise<void>
}

// osls caches its compiled configuration schema under HOME: a cold cache costs ~8 s a run.
const OSLS_HOME = join(tmpdir(), 'claimsmith-osls-home')

/**
 * Copies the service (serverless.yml, infra/ and placeholder zips in dist/)
 * to a temporary directory, to package it there as often as needed.
 *
 * @example
 * const packager = await createServicePackager()
 * const { template } = await packager.package('dev', { userPoolId: 'eu-west-1_AbCdEf123' })
 */
export async function createServicePackager(): Promise<ServicePackager> {
  const workDir = await mkdtemp(join(tmpdir(), 'claimsmith-service-'))
  const serviceDir = join(workDir, 'service')
  await mkdir(OSLS_HOME, { recursive: true })
  await cp(join(ROOT, 'serverless.yml'), join(serviceDir, 'serverless.yml'))
  await cp(join(ROOT, 'infra'), join(serviceDir, 'infra'), { recursive: true })
  await mkdir(join(serviceDir, 'dist'), { recursive: true })
  for (const f of FUNCTION_ENTRIES) {
    const content = Buffer.from('export const handler = async () => {}\n')
    await writeDeterministicZip(join(serviceDir, 'dist', `${f.name}.zip`), [
      { name: 'index.mjs', content },
    ])
  }
  let packagings = 0
  return {
    async package(stage, params) {
      const dir = join(workDir, `service-${++packagings}`)
      await cp(serviceDir, dir, { recursive: true })
      const out = join(dir, 'package')
      const args = [OSLS, 'package', '--stage', stage, '--region', PACKAGE_REGION, '--package', out]
      for (const [name, value] of Object.entries(params)) args.push(`--param=${name}=${value}`)
      await run(process.execPath, args, {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          HOME: OSLS_HOME,
          SLS_TELEMETRY_DISABLED: '1',
          SLS_NOTIFICATIONS_MODE: 'off',
          // A deprecated property fails the packaging, so the file stays v4-compatible.
          SLS_DEPRECATION_NOTIFICATION_MODE: 'error',
        },
        timeout: 60_000,
      })
      const path = join(out, 'cloudformation-template-update-stack.json')
      return { template: JSON.parse(await readFile(path, 'utf8')), path }
    },
    async close() {
      await rm(workDir, { recursive: true, force: true })
    },
  }
}
