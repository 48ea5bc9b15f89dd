import type { PathSegment } from './problem-draft.js'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/**
 * A path as people write it: `clients[0].claims[1].value`, with keys that are
 * not identifiers in brackets (`settings["my key"]`), `''` for the top.
 *
 * @example
 * formatPath(['clients', 0, 'claims', 1, 'value']) // 'clients[0].claims[1].value'
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}
