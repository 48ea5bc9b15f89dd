import type { GenericSchema } from 'valibot'

/**
 * The parts of a valibot schema or pipe item that the JSON Schema converter
 * and the problem messages read. Valibot's own types are generic per schema
 * kind; walking an arbitrary tree needs one structural view.
 */
export interface SchemaNode {
  readonly kind: 'schema' | 'validation' | 'transformation' | 'metadata'
  readonly type: string
  readonly entries?: Readonly<Record<string, SchemaNode>>
  readonly item?: SchemaNode
  /** A record's key and value schemas. */
  readonly key?: SchemaNode
  readonly value?: SchemaNode
  /** A picklist's options. */
  readonly options?: readonly unknown[]
  readonly wrapped?: SchemaNode
  readonly default?: unknown
  readonly pipe?: readonly SchemaNode[]
  readonly requirement?: unknown
  readonly title?: string
  readonly description?: string
  readonly examples?: readonly unknown[]
}

/** The structural view of a valibot schema. */
export function schemaNode(schema: GenericSchema): SchemaNode {
  return schema as unknown as SchemaNode
}

/** The schema a pipe or an optional wraps, down to the one that checks the value's type. */
export function innerSchema(node: SchemaNode): SchemaNode {
  let current = node
  for (;;) {
    const first = current.pipe?.[0]
    if (first && first !== current) current = first
    else if (current.type === 'optional' && current.wrapped) current = current.wrapped
    else return current
  }
}

/** The schema that checks the value at `path` under `root`, or `undefined` when the path leaves it. */
export function schemaAt(
  root: SchemaNode,
  path: readonly (string | number)[],
): SchemaNode | undefined {
  let current: SchemaNode | undefined = innerSchema(root)
  for (const segment of path) {
    if (!current) return undefined
    if (current.type === 'array' && typeof segment === 'number' && current.item) {
      current = innerSchema(current.item)
    } else if (
      current.entries &&
      typeof segment === 'string' &&
      Object.hasOwn(current.entries, segment)
    ) {
      const entry: SchemaNode | undefined = current.entries[segment]
      current = entry ? innerSchema(entry) : undefined
    } else {
      return undefined
    }
  }
  return current
}

/** The `description` a schema carries in its pipe (or in the pipe of what it wraps). */
export function descriptionOf(node: SchemaNode): string | undefined {
  for (const item of node.pipe ?? []) {
    if (item.type === 'description' && item.description !== undefined) return item.description
  }
  const [first] = node.pipe ?? []
  if (first && first !== node) return descriptionOf(first)
  if (node.type === 'optional' && node.wrapped) return descriptionOf(node.wrapped)
  return undefined
}

/** The entries of the object schema at `path`, as they are declared (not unwrapped). */
export function entriesAt(
  root: SchemaNode,
  path: readonly (string | number)[],
): Readonly<Record<string, SchemaNode>> | undefined {
  return schemaAt(root, path)?.entries
}
