import { isMap } from 'yaml'
import type { ClaimsTestResult } from './check-claims-test-case.js'
import type { ClaimsTestOutcome } from './claims-test-outcome.js'
import type { ClaimsTestsFile } from './parse-claims-tests-file.js'

/** What a case without expectations is given: exactly what its tokens carried, or its refusal. */
function snapshot(outcome: ClaimsTestOutcome): Record<string, unknown> {
  if (outcome.refusedBecause !== undefined) return { refused: true }
  // A snapshot is exact: a claim that later appears in a token fails the case too.
  const expect: Record<string, unknown> = { exact: true }
  if (outcome.idToken !== undefined) expect.idToken = { ...outcome.idToken }
  if (outcome.accessToken !== undefined) expect.accessToken = { ...outcome.accessToken }
  if (outcome.userinfo !== undefined && !outcome.userinfo.refused) {
    expect.userinfo = { ...outcome.userinfo.claims }
  }
  if (outcome.introspection !== undefined && !outcome.introspection.refused) {
    expect.introspection = { ...outcome.introspection.claims }
  }
  return expect
}

/**
 * The tests file's text with an `expect` written into every case that has
 * none, from what the case's tokens carried (golden snapshots); a case with
 * expectations is never changed. YAML keeps its comments and layout (the
 * edit is made on the parsed document); JSON is written two-space indented.
 * `undefined` when no case lacked expectations.
 *
 * @example
 * const text = updateClaimsTestsFile(tests, results, 'yaml')
 * if (text !== undefined) await writeFile(path, text)
 */
export function updateClaimsTestsFile(
  tests: ClaimsTestsFile,
  results: readonly ClaimsTestResult[],
  format: 'yaml' | 'json',
): string | undefined {
  const { document } = tests
  let changed = 0
  for (const { testCase, outcome } of results) {
    if (testCase.file !== tests.file || testCase.expect !== undefined) continue
    const node = document.getIn(['tests', testCase.index], true)
    if (!isMap(node)) continue
    node.set('expect', document.createNode(snapshot(outcome)))
    changed += 1
  }
  if (changed === 0) return undefined
  return format === 'json'
    ? `${JSON.stringify(document.toJS(), null, 2)}\n`
    : document.toString({ lineWidth: 0 })
}
