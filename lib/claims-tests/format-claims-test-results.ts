import type { ClaimsTestMismatch, ClaimsTestResult } from './check-claims-test-case.js'

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

/** The mismatches of one case, grouped per token, one line each. */
export function formatMismatches(mismatches: readonly ClaimsTestMismatch[]): string[] {
  const lines: string[] = []
  let target: string | undefined
  for (const mismatch of mismatches) {
    if (mismatch.claim === undefined) {
      lines.push(`  ${mismatch.target}: expected ${mismatch.expected}, actual ${mismatch.actual}`)
      target = undefined
      continue
    }
    if (mismatch.target !== target) {
      target = mismatch.target
      lines.push(`  ${target}:`)
    }
    lines.push(`    ${mismatch.claim}: expected ${mismatch.expected}, actual ${mismatch.actual}`)
  }
  return lines
}

/**
 * The report of a run: each failing case with its name, file:line and a diff
 * per token of expected and actual values (as JSON, so `42` and `"42"`
 * differ), then a one-line summary.
 *
 * @example
 * formatClaimsTestResults(results)
 * // FAIL tenant owner gets typed claims (claimsmith.tests.yaml:2)
 * //   idToken:
 * //     tenant_id: expected 42, actual "42"
 * //
 * // 1 of 2 tests failed (claimsmith.tests.yaml)
 */
export function formatClaimsTestResults(results: readonly ClaimsTestResult[]): string {
  const lines: string[] = []
  const failed = results.filter((result) => result.mismatches.length > 0)
  for (const { testCase, mismatches } of failed) {
    lines.push(`FAIL ${testCase.name} (${testCase.file}:${testCase.line})`)
    lines.push(...formatMismatches(mismatches), '')
  }
  const files = [...new Set(results.map((result) => result.testCase.file))].join(', ')
  const where = files === '' ? '' : ` (${files})`
  lines.push(
    failed.length === 0
      ? `${plural(results.length, 'test')} passed${where}`
      : `${failed.length} of ${plural(results.length, 'test')} failed${where}`,
  )
  return `${lines.join('\n')}\n`
}
