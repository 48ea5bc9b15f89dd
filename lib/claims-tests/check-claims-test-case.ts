import { isDeepStrictEqual } from 'node:util'
import type { JsonValue } from '../core/index.js'
import {
  CLAIMS_TEST_TARGETS,
  type ClaimsTestCase,
  type ClaimsTestTarget,
} from './claims-test-case.js'
import type { ClaimSet, ClaimsTestOutcome } from './claims-test-outcome.js'

/** One way a case's outcome differs from what it expects. */
export interface ClaimsTestMismatch {
  /** The token or answer: `idToken`, `accessToken`, `userinfo`, `introspection`, or `sign-in`. */
  readonly target: ClaimsTestTarget | 'sign-in'
  /** The claim type, when the mismatch is about one claim. */
  readonly claim?: string | undefined
  /** What was expected, as JSON (so `42` and `"42"` differ), or in words. */
  readonly expected: string
  readonly actual: string
}

/** A case and how it went. */
export interface ClaimsTestResult {
  readonly testCase: ClaimsTestCase
  readonly outcome: ClaimsTestOutcome
  /** Empty when the case passes. */
  readonly mismatches: readonly ClaimsTestMismatch[]
}

const ABSENT = '(absent)'

function show(value: JsonValue | undefined): string {
  return value === undefined ? ABSENT : JSON.stringify(value)
}

/** The claims a target carries, or why it carries none. */
function claimsOf(
  outcome: ClaimsTestOutcome,
  target: ClaimsTestTarget,
): { claims: ClaimSet } | { missing: string } {
  if (target === 'userinfo') {
    const answer = outcome.userinfo
    if (answer === undefined) return { missing: 'no userinfo (no user)' }
    return answer.refused ? { missing: `userinfo refused: ${answer.reason}` } : answer
  }
  if (target === 'introspection') {
    const answer = outcome.introspection
    if (answer === undefined) return { missing: 'no introspection' }
    return answer.refused ? { missing: `introspection: ${answer.reason}` } : answer
  }
  if (outcome.refusedBecause !== undefined) {
    return { missing: `sign-in refused: ${outcome.refusedBecause}` }
  }
  const claims = outcome[target]
  return claims === undefined ? { missing: `no ${target} issued` } : { claims }
}

/**
 * Compares a case's outcome with what it expects: each expected claim with
 * its exact JSON value (types included), the types that must be absent,
 * no other claims under `exact`, and whether the sign-in was refused. A
 * refusal the case does not expect is a mismatch even when it expects no
 * claims.
 *
 * @example
 * checkClaimsTestCase(testCase, outcome)
 * // [{ target: 'idToken', claim: 'tenant_id', expected: '42', actual: '"42"' }]
 */
export function checkClaimsTestCase(
  testCase: ClaimsTestCase,
  outcome: ClaimsTestOutcome,
): ClaimsTestMismatch[] {
  const expect = testCase.expect ?? {}
  const mismatches: ClaimsTestMismatch[] = []
  const refused = outcome.refusedBecause !== undefined
  if (expect.refused === true) {
    if (!refused) {
      mismatches.push({ target: 'sign-in', expected: 'refused', actual: 'tokens issued' })
    }
    if (outcome.userinfo !== undefined && !outcome.userinfo.refused) {
      mismatches.push({ target: 'userinfo', expected: 'refused', actual: 'claims served' })
    }
    if (outcome.introspection !== undefined && !outcome.introspection.refused) {
      mismatches.push({ target: 'introspection', expected: 'not active', actual: 'active' })
    }
  } else if (refused) {
    mismatches.push({
      target: 'sign-in',
      expected: 'tokens issued',
      actual: `refused: ${outcome.refusedBecause}`,
    })
  }

  for (const target of CLAIMS_TEST_TARGETS) {
    const expected = expect[target]
    const absent = expect.absent?.[target] ?? []
    if (expected === undefined && absent.length === 0) continue
    const carried = claimsOf(outcome, target)
    if ('missing' in carried) {
      // A refusal is reported once, as the sign-in's.
      if (!(refused && (target === 'idToken' || target === 'accessToken'))) {
        mismatches.push({ target, expected: 'claims', actual: carried.missing })
      }
      continue
    }
    const { claims } = carried
    for (const [type, value] of Object.entries(expected ?? {})) {
      const actual = Object.hasOwn(claims, type) ? claims[type] : undefined
      if (actual === undefined || !isDeepStrictEqual(actual, value)) {
        mismatches.push({ target, claim: type, expected: show(value), actual: show(actual) })
      }
    }
    for (const type of absent) {
      if (Object.hasOwn(claims, type)) {
        mismatches.push({ target, claim: type, expected: ABSENT, actual: show(claims[type]) })
      }
    }
    if (expect.exact === true && expected !== undefined) {
      for (const type of Object.keys(claims)) {
        if (!Object.hasOwn(expected, type)) {
          mismatches.push({ target, claim: type, expected: ABSENT, actual: show(claims[type]) })
        }
      }
    }
  }
  return mismatches
}
