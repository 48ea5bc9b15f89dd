import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml'
import type { PathSegment } from './problem-draft.js'

/** Where a path points in the source text. */
export interface PathLocation {
  /** Offset of the key or value, or of the nearest enclosing part of the path that exists. */
  readonly offset: number
  /** Whether the whole path exists in the document. */
  readonly found: boolean
  /** The raw text of the value when it is a scalar, as written (quotes and all). */
  readonly source?: string | undefined
}

function startOf(node: unknown, fallback: number): number {
  return (node as Node | null)?.range?.[0] ?? fallback
}

function resolve(doc: Document, node: unknown): unknown {
  // An alias's value lives where its anchor is; that is where to point.
  return isAlias(node) ? node.resolve(doc) : node
}

function pairFor(map: { items: Pair<unknown, unknown>[] }, key: PathSegment): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key))
}

/**
 * Finds the key or value at `path` in a parsed YAML (or JSON) document, so a
 * problem found in the data can name its line and column. A path that leaves
 * the document (a missing key) points at the deepest part that exists.
 *
 * @example
 * locatePath(doc, text, ['clients', 0, 'clientId'], 'value').offset // 24
 */
export function locatePath(
  doc: Document,
  text: string,
  path: readonly PathSegment[],
  at: 'key' | 'value',
): PathLocation {
  let node: unknown = resolve(doc, doc.contents)
  let offset = startOf(node, 0)
  for (const [index, segment] of path.entries()) {
    let next: unknown
    if (isMap(node)) {
      const pair = pairFor(node, segment)
      if (!pair) return { offset, found: false }
      const keyOffset = startOf(pair.key, offset)
      if (index === path.length - 1 && at === 'key') return { offset: keyOffset, found: true }
      next = resolve(doc, pair.value)
      offset = startOf(next, keyOffset)
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      next = resolve(doc, node.items[segment])
      offset = startOf(next, offset)
    } else {
      return { offset, found: false }
    }
    node = next
  }
  return {
    offset,
    found: true,
    source: isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined,
  }
}
