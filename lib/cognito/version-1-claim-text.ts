import type { JsonValue } from '../core/index.js'

/**
 * A claim value as a version 1 response carries it: version 1 takes strings
 * only, so a string stays as it is and anything else becomes its compact JSON
 * text (`3`, `true`, `["a","b"]`, `{"a":1}`).
 *
 * @example
 * version1ClaimText(['admin', 'editor']) // '["admin","editor"]'
 */
export function version1ClaimText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
