import {
  type Claim,
  type ClaimValueKind,
  ClaimValueTypes,
  claimValueKind,
  claimValueProblem,
  type InvalidClaimValueReason,
  MAX_JSON_DEPTH,
} from '../core/index.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { PathSegment, ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'
import { suggestClosest } from './suggest-closest.js'

const KNOWN_VALUE_TYPES = Object.values(ClaimValueTypes)

function reasonText(reason: InvalidClaimValueReason, kind: ClaimValueKind): string {
  switch (reason) {
    case 'not-a-number':
      return 'it is not a number'
    case 'not-an-integer':
      return 'it is not a whole number'
    case 'out-of-range':
      return kind === 'integer64'
        ? 'it is outside the 64-bit range -9223372036854775808 to 9223372036854775807'
        : 'it is outside the 32-bit range -2147483648 to 2147483647'
    case 'unsafe-integer':
      return 'it is beyond ±9007199254740991 (2^53 − 1), the largest integer a JSON number carries exactly'
    case 'not-finite':
      return 'it is not a finite number'
    case 'not-a-boolean':
      return 'it is not true or false'
    case 'not-json':
      return 'it is not valid JSON'
    case 'too-deep':
      return `its arrays and objects nest more than ${MAX_JSON_DEPTH} levels deep`
  }
}

function reasonHint(reason: InvalidClaimValueReason, kind: ClaimValueKind): string {
  switch (reason) {
    case 'not-a-number':
      return kind === 'double' ? 'write a number such as 2.5' : 'write a whole number such as 42'
    case 'not-an-integer':
      return 'write a whole number, or use valueType double for fractions'
    case 'out-of-range':
      return kind === 'integer64'
        ? 'store it as text: leave out valueType'
        : 'use valueType integer64 for larger numbers'
    case 'unsafe-integer':
      return 'store it as text to keep every digit: leave out valueType'
    case 'not-finite':
      return 'write a finite number; JSON has no NaN or Infinity'
    case 'not-a-boolean':
      return 'write true or false (any case)'
    case 'not-json':
      return `write JSON text such as '{"beta": true}' or '["a", "b"]'; in YAML, single quotes keep the double quotes inside`
    case 'too-deep':
      return `flatten it to at most ${MAX_JSON_DEPTH} levels of [ and {`
  }
}

function checkClaim(path: readonly PathSegment[], claim: Claim): ProblemDraft | undefined {
  const problem = claimValueProblem(claim)
  if (problem === undefined) return undefined
  if (problem.rule === 'unknown') {
    const valueType = claim.valueType ?? ''
    const suggestion = suggestClosest(valueType, KNOWN_VALUE_TYPES)
    return {
      path: [...path, 'valueType'],
      at: 'value',
      message: `${formatPath([...path, 'valueType'])} ${quoteForMessage(valueType)} is not a known value type`,
      hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}known types: ${KNOWN_VALUE_TYPES.join(', ')}, or their XML Schema URIs; leave valueType out for text`,
    }
  }
  const kind = claimValueKind(claim.valueType)
  return {
    path: [...path, 'value'],
    at: 'value',
    message: `${formatPath([...path, 'value'])} ${quoteForMessage(claim.value)} of claim ${quoteForMessage(claim.type)} does not parse as ${claim.valueType}: ${reasonText(problem.error.reason, kind)}`,
    hint: reasonHint(problem.error.reason, kind),
  }
}

/**
 * Every user and client claim must declare a known value type, and its value
 * must parse as that type (docs/claims.md, "Value types"): the core's rule
 * (`claimValueProblem`), so a value that would be dropped from a token at run
 * time is refused before it is ever stored.
 *
 * @example
 * checkClaimValues({ ...data, users: [{ sub: 'a', active: true, claims: [{ type: 'tier', value: 'x', valueType: 'integer' }] }] })
 * // [{ path: ['users', 0, 'claims', 0, 'value'], message: 'users[0].claims[0].value "x" of claim "tier" does not parse as integer: it is not a number', … }]
 */
export function checkClaimValues(data: ConfigurationFileShape): ProblemDraft[] {
  const problems: (ProblemDraft | undefined)[] = []
  for (const section of ['users', 'clients'] as const) {
    data[section].forEach((owner, index) => {
      owner.claims.forEach((claim, position) => {
        problems.push(checkClaim([section, index, 'claims', position], claim))
      })
    })
  }
  return problems.filter((problem) => problem !== undefined)
}
