import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** One finding of cfn-lint: its rule, level and where in the template. */
export interface CfnLintFinding {
  readonly rule: string
  readonly level: string
  /** e.g. `Resources/HttpApiStage/DependsOn` */
  readonly path: string
  readonly message: string
}

interface RawFinding {
  readonly Level: string
  readonly Message: string
  readonly Rule: { readonly Id: string }
  readonly Location: { readonly Path: readonly (string | number)[] }
}

/**
 * Runs AWS's cfn-lint on a template and returns its findings. cfn-lint exits
 * non-zero whenever it finds something; that is not a failure here. A missing
 * cfn-lint is: the test must not pass without having linted.
 *
 * @example
 * const findings = await runCfnLint('package/cloudformation-template-update-stack.json')
 */
export async function runCfnLint(templatePath: string): Promise<CfnLintFinding[]> {
  let stdout: string
  try {
    ;({ stdout } = await run('cfn-lint', ['--format', 'json', '--', templatePath], {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    }))
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string }
    if (failure.code === 'ENOENT') {
      throw new Error(
        'cfn-lint is not on PATH; the template tests need it (see docs/deploy.md, "Linting the template")',
      )
    }
    if (typeof failure.stdout !== 'string' || !failure.stdout.trim().startsWith('[')) {
      throw new Error(`cfn-lint failed: ${failure.stderr ?? failure.message}`)
    }
    stdout = failure.stdout
  }
  return (JSON.parse(stdout) as RawFinding[]).map((finding) => ({
    rule: finding.Rule.Id,
    level: finding.Level,
    path: finding.Location.Path.join('/'),
    message: finding.Message,
  }))
}
