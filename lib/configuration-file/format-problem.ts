import type { ConfigurationProblem } from './configuration-problem.js'

/**
 * A problem on one line, as compilers print them, so terminals and editors
 * link to the spot: `file:line:column: message (hint)`.
 *
 * @example
 * formatProblem(problem)
 * // 'claimsmith.yaml:12:14: clients[0].claims[1].value "abc" of claim "tier" does not parse as integer: … (write a whole number such as 42)'
 */
export function formatProblem(problem: ConfigurationProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message} (${problem.hint})`
}
