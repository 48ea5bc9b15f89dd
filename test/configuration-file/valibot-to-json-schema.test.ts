import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { valibotToJsonSchema } from '../../lib/configuration-file/valibot-to-json-schema.js'

const DRAFT = 'https://json-schema.org/draft/2020-12/schema'

describe('valibotToJsonSchema', () => {
  it.each([
    ['a string', v.string(), { type: 'string' }],
    ['a non-empty string', v.pipe(v.string(), v.nonEmpty()), { type: 'string', minLength: 1 }],
    [
      'a non-empty list',
      v.pipe(v.array(v.boolean()), v.nonEmpty()),
      { type: 'array', items: { type: 'boolean' }, minItems: 1 },
    ],
    [
      'a bounded integer',
      v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9)),
      { type: 'integer', minimum: 1, maximum: 9 },
    ],
    ['a pattern', v.pipe(v.string(), v.regex(/^a+$/)), { type: 'string', pattern: '^a+$' }],
    [
      'annotations',
      v.pipe(v.string(), v.title('T'), v.description('D'), v.examples(['x'])),
      { title: 'T', description: 'D', type: 'string', examples: ['x'] },
    ],
    [
      'nested pipes',
      v.pipe(v.pipe(v.string(), v.nonEmpty()), v.description('D')),
      { description: 'D', type: 'string', minLength: 1 },
    ],
  ])('converts %s', (_, schema, expected) => {
    expect(valibotToJsonSchema(schema)).toEqual({ $schema: DRAFT, ...expected })
  })

  it('lists required keys and defaults when a strict object has optional entries', () => {
    const schema = v.strictObject({
      name: v.string(),
      tags: v.optional(v.array(v.string()), () => []),
      note: v.optional(v.string()),
    })
    expect(valibotToJsonSchema(schema)).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        name: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' }, default: [] },
        note: { type: 'string' },
      },
      required: ['name'],
      additionalProperties: false,
    })
    expect(valibotToJsonSchema(v.strictObject({ a: v.optional(v.string()) })).required).toEqual([])
  })

  it('refers to a definition when the same schema appears again', () => {
    const Item = v.strictObject({ id: v.string() })
    expect(
      valibotToJsonSchema(v.strictObject({ one: Item, many: v.array(Item) }), {
        definitions: { Item },
      }),
    ).toEqual({
      $schema: DRAFT,
      type: 'object',
      properties: {
        one: { $ref: '#/$defs/Item' },
        many: { type: 'array', items: { $ref: '#/$defs/Item' } },
      },
      required: ['one', 'many'],
      additionalProperties: false,
      $defs: {
        Item: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
          additionalProperties: false,
        },
      },
    })
  })

  it.each([
    ['a loose object', v.object({ a: v.string() }), 'unsupported schema type "object"'],
    ['a union', v.union([v.string(), v.number()]), 'unsupported schema type "union"'],
    ['a transformation', v.pipe(v.string(), v.trim()), 'unsupported pipe item "trim"'],
    [
      'a check',
      v.pipe(
        v.string(),
        v.check(() => true),
      ),
      'unsupported pipe item "check"',
    ],
    ['a flagged regex', v.pipe(v.string(), v.regex(/a/i)), 'unsupported pipe item "regex"'],
  ])('throws a TypeError rather than drop a rule when given %s', (_, schema, message) => {
    expect(() => valibotToJsonSchema(schema)).toThrow(
      new TypeError(`valibotToJsonSchema: ${message}`),
    )
  })

  it('throws a TypeError when a default is not JSON', () => {
    const schema = v.strictObject({
      a: v.optional(v.string(), (() => undefined) as unknown as () => string),
    })
    expect(() => valibotToJsonSchema(schema)).toThrow(
      new TypeError('valibotToJsonSchema: a default value must be JSON'),
    )
  })
})
