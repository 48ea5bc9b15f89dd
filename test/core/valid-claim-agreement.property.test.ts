import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateUserRecord } from '../../lib/cli/validate-user-record.js'
import { parseConfigurationFile } from '../../lib/configuration-file/index.js'
import {
  type ClaimProblem,
  claimProblem,
  claimValueProblem,
  MAX_JSON_DEPTH,
  parseClaimValue,
  serializeClaims,
  typedClaimValue,
} from '../../lib/core/index.js'
import { requireClaims } from '../../lib/dynamodb/check-write-input.js'
import {
  type InvalidStoredClaim,
  parseStoredClaims,
} from '../../lib/dynamodb/parse-stored-claims.js'
import { XS } from './fixtures.js'

const DEEP = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`
const AT_LIMIT = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`

/** Claim attributes, near every rule of a valid claim and on both sides of it. */
const type = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    42,
    ['tier'],
    '',
    'tier',
    'tenant_id',
    'sub',
    'EXP',
    'cognito:groups',
    'dev:custom',
    'tenant id',
    'tenant\u200bid',
    'tenant\u0000id',
  ),
  fc.string({ maxLength: 12 }),
)
const value = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    3,
    true,
    '',
    'x',
    '42',
    ' 02 ',
    '-0',
    '1.5',
    '1e400',
    'NaN',
    'TRUE',
    'maybe',
    '2147483648',
    '9007199254740993',
    '9223372036854775808',
    '{"a":1}',
    ' { "a" : 1 } ',
    '[1, 2',
    AT_LIMIT,
    DEEP,
  ),
  fc.string({ maxLength: 12 }),
)
const valueType = fc.constantFrom<unknown>(
  undefined,
  5,
  null,
  '',
  'string',
  'integer',
  'integer32',
  'integer64',
  'double',
  'boolean',
  'json',
  'JSON',
  'Integer',
  'any',
  `${XS}integer64`,
  `${XS}json`,
)

const entry = fc.record({ type, value, valueType }).map((claim) => {
  const out: Record<string, unknown> = {}
  for (const [key, attribute] of Object.entries(claim)) {
    if (attribute !== undefined) out[key] = attribute
  }
  return out
})

const SHAPE_RULES: ReadonlySet<ClaimProblem['rule']> = new Set(['missing', 'not-a-string', 'empty'])

function verdictOf(claim: Record<string, unknown>): ClaimProblem | undefined {
  return claimProblem(claim.type, claim.value, claim.valueType)
}

describe('one definition of a valid claim', () => {
  it('the configuration file and the import validator accept exactly what the core accepts, and fault the same attribute', () => {
    fc.assert(
      fc.property(entry, (claim) => {
        const verdict = verdictOf(claim)
        const file = parseConfigurationFile(
          JSON.stringify({ users: [{ sub: 'u', claims: [claim] }] }),
          'claimsmith.json',
        )
        const record = validateUserRecord({ sub: 'u', claims: [claim] })
        expect({ claim, file: file.ok, record: record.ok }).toEqual({
          claim,
          file: verdict === undefined,
          record: verdict === undefined,
        })
        if (verdict === undefined || file.ok || record.ok) return
        expect(file.problems.map((problem) => problem.path)).toContain(
          `users[0].claims[0].${verdict.at}`,
        )
        expect(record.problems.map((problem) => problem.path)).toContain(`claims[0].${verdict.at}`)
      }),
      { numRuns: 400 },
    )
  })

  it('the store reader drops exactly the claims of a bad shape, and carries the core verdict on every value it keeps', () => {
    const key = { pk: 'USER#u', sk: 'USER' }
    fc.assert(
      fc.property(entry, (claim) => {
        const verdict = verdictOf(claim)
        const reports: InvalidStoredClaim[] = []
        const read = parseStoredClaims([claim], { key, sub: 'u' }, (report) => {
          reports.push(report)
        })
        const unreadable = verdict !== undefined && SHAPE_RULES.has(verdict.rule)
        expect(read.length).toBe(unreadable ? 0 : 1)
        if (unreadable) {
          expect(reports[0]?.reason).toMatch(new RegExp(`^"${verdict.at}" `))
          return
        }
        const [kept] = read
        if (kept === undefined) throw new Error('the reader kept nothing')
        const typed = typedClaimValue(kept)
        expect(typed).toEqual(parseClaimValue(kept))
        const unparseable = claimValueProblem(kept)?.rule === 'unparseable'
        expect(typed.ok).toBe(!unparseable)
        const inToken = serializeClaims(read, 'token').claims
        expect(kept.type in inToken).toBe(!unparseable)
      }),
      { numRuns: 400 },
    )
  })

  it('the DynamoDB writer refuses exactly the claims its reader would drop', () => {
    fc.assert(
      fc.property(entry, (claim) => {
        const verdict = verdictOf(claim)
        const unreadable = verdict !== undefined && SHAPE_RULES.has(verdict.rule)
        if (unreadable) {
          expect(() => requireClaims('claims', [claim])).toThrow(`claims[0].${verdict.at} must be`)
        } else {
          expect(requireClaims('claims', [claim])).toHaveLength(1)
        }
      }),
      { numRuns: 400 },
    )
  })
})
