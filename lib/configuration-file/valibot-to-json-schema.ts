import type { GenericSchema } from 'valibot'
import type { JsonValue } from '../core/index.js'
import { type SchemaNode, schemaNode } from './schema-node.js'

/** A JSON Schema (draft 2020-12) object. */
export type JsonSchemaObject = { [keyword: string]: JsonValue }

/** Options for {@link valibotToJsonSchema}. */
export interface ValibotToJsonSchemaOptions {
  /** Schemas to emit once under `$defs` and refer to with `$ref`, by name. */
  readonly definitions?: Readonly<Record<string, GenericSchema>>
}

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema'

interface Flattened {
  readonly base: SchemaNode
  readonly items: readonly SchemaNode[]
}

function flatten(node: SchemaNode): Flattened {
  const [first, ...rest] = node.pipe ?? []
  if (!first || first === node) return { base: node, items: [] }
  const inner = flatten(first)
  return { base: inner.base, items: [...inner.items, ...rest] }
}

function defaultValue(value: unknown): JsonValue {
  const resolved = typeof value === 'function' ? (value as () => unknown)() : value
  // A default that JSON cannot carry would make the schema lie to editors.
  const text = JSON.stringify(resolved)
  if (text === undefined) throw new TypeError('valibotToJsonSchema: a default value must be JSON')
  return JSON.parse(text) as JsonValue
}

class Converter {
  readonly #names: ReadonlyMap<SchemaNode, string>

  constructor(names: ReadonlyMap<SchemaNode, string>) {
    this.#names = names
  }

  convert(node: SchemaNode, self?: SchemaNode): JsonSchemaObject {
    const name = this.#names.get(node)
    if (name !== undefined && node !== self) return { $ref: `#/$defs/${name}` }
    if (node.type === 'optional' && node.wrapped) {
      const wrapped = this.convert(node.wrapped)
      return node.default === undefined
        ? wrapped
        : { ...wrapped, default: defaultValue(node.default) }
    }

    const { base, items } = flatten(node)
    const out: JsonSchemaObject = {}
    for (const item of items) {
      if (item.type === 'title' && item.title !== undefined) out.title = item.title
      if (item.type === 'description' && item.description !== undefined) {
        out.description = item.description
      }
    }
    Object.assign(out, this.#base(base))
    for (const item of items) this.#apply(item, out)
    return out
  }

  #base(node: SchemaNode): JsonSchemaObject {
    switch (node.type) {
      case 'string':
      case 'number':
      case 'boolean':
        return { type: node.type }
      case 'array':
        if (!node.item) break
        return { type: 'array', items: this.convert(node.item) }
      case 'unknown':
        return {}
      case 'picklist':
        if (!node.options) break
        return { enum: node.options.map(defaultValue) }
      case 'record':
        if (!node.key || !node.value) break
        return {
          type: 'object',
          propertyNames: this.convert(node.key),
          additionalProperties: this.convert(node.value),
        }
      case 'strict_object': {
        if (!node.entries) break
        const properties: JsonSchemaObject = {}
        const required: string[] = []
        for (const [key, entry] of Object.entries(node.entries)) {
          properties[key] = this.convert(entry)
          if (entry.type !== 'optional') required.push(key)
        }
        return { type: 'object', properties, required, additionalProperties: false }
      }
    }
    throw new TypeError(`valibotToJsonSchema: unsupported schema type "${node.type}"`)
  }

  #apply(item: SchemaNode, out: JsonSchemaObject): void {
    switch (item.type) {
      case 'title':
      case 'description':
        return
      case 'examples':
        out.examples = (item.examples ?? []).map(defaultValue)
        return
      case 'non_empty':
        if (out.type === 'array') out.minItems = 1
        else out.minLength = 1
        return
      case 'integer':
        out.type = 'integer'
        return
      case 'min_value':
        if (typeof item.requirement !== 'number') break
        out.minimum = item.requirement
        return
      case 'max_value':
        if (typeof item.requirement !== 'number') break
        out.maximum = item.requirement
        return
      case 'regex':
        // JSON Schema patterns carry no flags; a flagged regex would validate differently.
        if (!(item.requirement instanceof RegExp) || item.requirement.flags !== '') break
        out.pattern = item.requirement.source
        return
    }
    throw new TypeError(`valibotToJsonSchema: unsupported pipe item "${item.type}"`)
  }
}

/**
 * Converts the subset of valibot the configuration and tests file schemas use
 * (string, number, boolean, unknown, array, record, picklist, strictObject, optional; nonEmpty, integer, minValue,
 * maxValue, regex without flags, title, description, examples) into a JSON
 * Schema, draft 2020-12. Anything else throws a `TypeError`, so the schema
 * never silently loses a rule.
 *
 * @example
 * valibotToJsonSchema(v.strictObject({ name: v.pipe(v.string(), v.nonEmpty()) }))
 * // { $schema: '…/2020-12/schema', type: 'object', properties: { name: { type: 'string', minLength: 1 } },
 * //   required: ['name'], additionalProperties: false }
 */
export function valibotToJsonSchema(
  schema: GenericSchema,
  options: ValibotToJsonSchemaOptions = {},
): JsonSchemaObject {
  const definitions = Object.entries(options.definitions ?? {}).map(
    ([name, definition]) => [name, schemaNode(definition)] as const,
  )
  const converter = new Converter(new Map(definitions.map(([name, node]) => [node, name])))
  const root = converter.convert(schemaNode(schema))
  const $defs: JsonSchemaObject = {}
  for (const [name, node] of definitions) $defs[name] = converter.convert(node, node)
  return { $schema: DRAFT_2020_12, ...root, ...(definitions.length > 0 ? { $defs } : {}) }
}
