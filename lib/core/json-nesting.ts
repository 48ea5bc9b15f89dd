/**
 * The deepest a `json` claim value may nest arrays and objects, everywhere a
 * value is read or written: the runtime, the configuration validator,
 * `users import` and `users set-claim`. JSON.stringify and every other
 * recursive walk of a parsed value throw `RangeError` past a few thousand
 * levels; no claim a relying party reads needs more than a few.
 */
export const MAX_JSON_DEPTH = 32

/**
 * Whether JSON text nests `[` and `{` deeper than `limit`, counted in one
 * pass without parsing (brackets inside strings do not count). Text that is
 * not JSON is answered too; `JSON.parse` still decides whether it is.
 *
 * @example
 * jsonNestsDeeperThan('[[1]]', 1) // true
 * jsonNestsDeeperThan('["[[["]', 1) // false
 */
export function jsonNestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (inString) {
      if (code === 0x5c) at++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) {
      inString = true
    } else if (code === 0x5b || code === 0x7b) {
      depth++
      if (depth > limit) return true
    } else if (code === 0x5d || code === 0x7d) {
      depth--
    }
  }
  return false
}
