import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { CorruptItemError } from '../../lib/dynamodb/errors.js'
import { userKey } from '../../lib/dynamodb/item-keys.js'
import { parseUserItem } from '../../lib/dynamodb/parse-user-item.js'
import { itemHeaderEntries, validateItem } from '../../lib/dynamodb/validate-item.js'

const SUB = 'user-1'

// The schema the user item was checked with before the check was written out: the oracle.
const UserItemSchema = v.object({
  ...itemHeaderEntries('user'),
  sub: v.pipe(v.string('is not a string'), v.nonEmpty('is empty')),
  active: v.boolean('is not a boolean'),
  claims: v.array(v.unknown(), 'is not a list'),
})

const valid = {
  pk: `USER#${SUB}`,
  sk: 'PROFILE',
  schemaVersion: 1,
  kind: 'user',
  version: 3,
  sub: SUB,
  active: true,
  claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
}

function problemOf(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    if (error instanceof CorruptItemError) return error.message
    throw error
  }
}

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, 1, 2, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53),
  fc.constantFrom('', 'user', SUB, '1', 'other'),
  fc.constant([]),
  fc.constant({}),
)

describe('parseUserItem', () => {
  it('reads a valid item', () => {
    expect(parseUserItem(valid, SUB, () => {})).toEqual({
      sub: SUB,
      active: true,
      version: 3,
      claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
    })
  })

  it.each([
    ['schemaVersion', 3, 'schemaVersion'],
    ['kind', 'client', 'kind'],
    ['version', '3', 'version'],
    ['version', 0, 'version'],
    ['sub', '', 'sub'],
    ['active', 'yes', 'active'],
    ['claims', {}, 'claims'],
  ])('names %s when it is %j', (attribute, value, named) => {
    const message = problemOf(() => parseUserItem({ ...valid, [attribute]: value }, SUB, () => {}))
    expect(message).toContain(`"${named}"`)
  })

  it('says an attribute is missing when it is', () => {
    const { active: _, ...item } = valid
    expect(problemOf(() => parseUserItem(item, SUB, () => {}))).toMatch(/"active" is missing/)
  })

  it('refuses an item whose sub is another user’s', () => {
    expect(problemOf(() => parseUserItem({ ...valid, sub: 'user-2' }, SUB, () => {}))).toMatch(
      /"sub" does not match the key/,
    )
  })

  it('finds the same first problem, in the same words, as the schema it replaced', () => {
    fc.assert(
      fc.property(
        fc.record({
          schemaVersion: fc.oneof(fc.constant(1), anyValue),
          kind: fc.oneof(fc.constant('user'), anyValue),
          version: fc.oneof(fc.constant(7), anyValue),
          sub: fc.oneof(fc.constant(SUB), anyValue),
          active: fc.oneof(fc.boolean(), anyValue),
          claims: fc.oneof(fc.constant([]), anyValue),
        }),
        (attributes) => {
          const item: Record<string, unknown> = { pk: `USER#${SUB}`, sk: 'PROFILE' }
          for (const [name, value] of Object.entries(attributes)) {
            if (value !== undefined) item[name] = value
          }
          const expected = problemOf(() => {
            const parsed = validateItem(UserItemSchema, item, userKey(SUB))
            if (parsed.sub !== SUB)
              throw new CorruptItemError(userKey(SUB), 'sub', 'does not match the key')
          })
          expect(problemOf(() => parseUserItem(item, SUB, () => {}))).toBe(expected)
        },
      ),
      { numRuns: 2_000 },
    )
  })
})
