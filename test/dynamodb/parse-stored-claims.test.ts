import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { userKey } from '../../lib/dynamodb/item-keys.js'
import {
  type InvalidStoredClaim,
  parseStoredClaims,
} from '../../lib/dynamodb/parse-stored-claims.js'

const owner = { key: userKey('user-1'), sub: 'user-1' }

// The schema each stored claim was checked with before the check was written out: the oracle.
// A valueType, when given, is non-empty: the core's shape rule, as the configuration file's.
const StoredClaimSchema = v.object({
  type: v.pipe(v.string('is not a string'), v.nonEmpty('is empty')),
  value: v.string('is not a string'),
  valueType: v.optional(v.pipe(v.string('is not a string'), v.nonEmpty('is empty'))),
})

function oracleReason(entry: Record<string, unknown>): string | undefined {
  const result = v.safeParse(StoredClaimSchema, entry, { abortEarly: true })
  if (result.success) return undefined
  const attribute = String(result.issues[0].path?.[0]?.key ?? 'claim')
  const problem = entry[attribute] === undefined ? 'is missing' : result.issues[0].message
  return `"${attribute}" ${problem}`
}

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom('', 'tier', '3', 'integer'),
  fc.constant([]),
  fc.constant({}),
)

describe('parseStoredClaims', () => {
  it('keeps valid claims in order and reports each invalid one with its index', () => {
    const reports: InvalidStoredClaim[] = []
    const claims = parseStoredClaims(
      [
        { type: 'tier', value: '3', valueType: 'integer' },
        { type: '', value: 'x' },
        'not a map',
        { type: 'plan', value: 'gold' },
      ],
      owner,
      (report) => reports.push(report),
    )
    expect(claims).toEqual([
      { type: 'tier', value: '3', valueType: 'integer' },
      { type: 'plan', value: 'gold' },
    ])
    expect(reports).toEqual([
      { ...owner, index: 1, reason: '"type" is empty' },
      { ...owner, index: 2, reason: 'claim is not a map' },
    ])
  })

  it('reports the same reason, in the same words, as the schema it replaced', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.oneof(fc.constant('tier'), anyValue),
          value: fc.oneof(fc.constant('3'), anyValue),
          valueType: fc.oneof(fc.constant('integer'), anyValue),
        }),
        (attributes) => {
          const entry: Record<string, unknown> = {}
          for (const [name, value] of Object.entries(attributes)) {
            if (value !== undefined) entry[name] = value
          }
          const reports: InvalidStoredClaim[] = []
          const claims = parseStoredClaims([entry], owner, (report) => reports.push(report))
          const expected = oracleReason(entry)
          expect(reports[0]?.reason).toBe(expected)
          expect(claims).toHaveLength(expected === undefined ? 1 : 0)
        },
      ),
      { numRuns: 2_000 },
    )
  })
})
