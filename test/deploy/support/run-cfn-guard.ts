import { execFile } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { arch, platform } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

// The package ships cfn-guard per platform and the Control Tower rule set beside it.
const PACKAGE_DIR = dirname(
  dirname(createRequire(import.meta.url).resolve('@cdklabs/cdk-validator-cfnguard')),
)
const PLATFORMS: Readonly<Record<string, string>> = { linux: 'ubuntu', darwin: 'macos' }
const ARCHITECTURES: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' }

/** The Control Tower proactive controls, as the package ships them. */
export const CONTROL_TOWER_RULES = join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard')

/** One resource that a Control Tower control finds non-compliant. */
export interface GuardViolation {
  /** The control's id, e.g. `CT.LAMBDA.PR.3`. */
  readonly control: string
  /** The logical id of the resource. */
  readonly resource: string
}

/**
 * The cfn-guard binary for this machine, from @cdklabs/cdk-validator-cfnguard.
 * Throws when there is none, so that no check passes without having run.
 */
export async function cfnGuardBinary(): Promise<string> {
  const os = PLATFORMS[platform()]
  const cpu = ARCHITECTURES[arch()]
  if (os === undefined || cpu === undefined) {
    throw new Error(
      `@cdklabs/cdk-validator-cfnguard ships no cfn-guard for ${platform()}/${arch()}`,
    )
  }
  const binary = join(PACKAGE_DIR, 'bin', os, cpu, 'cfn-guard')
  try {
    await access(binary, constants.X_OK)
  } catch {
    throw new Error(`cfn-guard is missing or not executable at ${binary}; run npm ci`)
  }
  return binary
}

const CONTROL = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/
const RESOURCE_PATH = /^\/Resources\/([^/]+)/

function collect(node: unknown, control: string | undefined, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, control, into)
    return
  }
  if (node === null || typeof node !== 'object') return
  const record = node as Record<string, unknown>
  const message = (record.messages as { custom_message?: unknown } | undefined)?.custom_message
  const found = typeof message === 'string' ? CONTROL.exec(message)?.[1] : undefined
  const current = found ?? control
  const resource =
    typeof record.path === 'string' ? RESOURCE_PATH.exec(record.path)?.[1] : undefined
  if (current !== undefined && resource !== undefined) into.add(`${current} ${resource}`)
  for (const value of Object.values(record)) collect(value, current, into)
}

/**
 * Validates a template against every Control Tower rule with cfn-guard and
 * returns each non-compliant resource, sorted. cfn-guard exits 19 when a rule
 * fails; any other non-zero exit is an error.
 *
 * @example
 * const violations = await runControlTowerRules('package/cloudformation-template-update-stack.json')
 */
export async function runControlTowerRules(templatePath: string): Promise<GuardViolation[]> {
  const binary = await cfnGuardBinary()
  const args = ['validate', '--rules', CONTROL_TOWER_RULES, '--data', templatePath]
  args.push('--output-format', 'json', '--show-summary', 'none', '--structured')
  let stdout: string
  try {
    ;({ stdout } = await run(binary, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }))
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string; message: string }
    if (failure.code !== 19 || typeof failure.stdout !== 'string') {
      throw new Error(
        `cfn-guard failed (${String(failure.code)}): ${failure.stderr ?? failure.message}`,
      )
    }
    stdout = failure.stdout
  }
  const results = JSON.parse(stdout) as { not_compliant?: unknown[] }[]
  const found = new Set<string>()
  for (const result of results) collect(result.not_compliant ?? [], undefined, found)
  return [...found].sort().map((entry) => {
    const [control = '', resource = ''] = entry.split(' ')
    return { control, resource }
  })
}
