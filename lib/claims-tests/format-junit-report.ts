import type { ClaimsTestResult } from './check-claims-test-case.js'
import { formatMismatches } from './format-claims-test-results.js'

function xml(text: string): string {
  return (
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      // Characters XML 1.0 cannot carry at all, even escaped.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
  )
}

/**
 * The results as JUnit XML, which CI systems (GitHub Actions reporters,
 * GitLab, Jenkins) show per case: one `testsuite` per tests file, one
 * `testcase` per case with its file and line, and a `failure` with the diff
 * for each failing case.
 *
 * @example
 * await writeFile('claims-junit.xml', formatJunitReport(results))
 */
export function formatJunitReport(results: readonly ClaimsTestResult[]): string {
  const files = [...new Set(results.map((result) => result.testCase.file))]
  const failures = (list: readonly ClaimsTestResult[]) =>
    list.filter((result) => result.mismatches.length > 0).length
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="claimsmith test" tests="${results.length}" failures="${failures(results)}">`,
  ]
  for (const file of files) {
    const cases = results.filter((result) => result.testCase.file === file)
    lines.push(
      `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures(cases)}">`,
    )
    for (const { testCase, mismatches } of cases) {
      const attributes = `name="${xml(testCase.name)}" classname="${xml(file)}" file="${xml(file)}" line="${testCase.line}"`
      if (mismatches.length === 0) {
        lines.push(`    <testcase ${attributes}/>`)
        continue
      }
      const first = mismatches[0]
      const message = `${first?.target}${first?.claim === undefined ? '' : `.${first.claim}`}: expected ${first?.expected}, actual ${first?.actual}`
      lines.push(
        `    <testcase ${attributes}>`,
        `      <failure message="${xml(message)}">${xml(formatMismatches(mismatches).join('\n'))}</failure>`,
        '    </testcase>',
      )
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
