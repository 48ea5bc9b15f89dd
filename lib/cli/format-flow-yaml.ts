import { Document, visit } from 'yaml'

/** Characters YAML cannot carry in a plain scalar on one line; double-quoted, they are escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
export const NEEDS_DOUBLE_QUOTES = /[\u0000-\u001f\u007f\u2028\u2029]/

/**
 * A value as one line of YAML flow style, as the configuration file writes
 * claims and lists: `{ type: tier, value: "3", valueType: integer }`,
 * `[ openid, profile ]`. Strings with line breaks or control characters are
 * double-quoted with escapes, so the line never breaks.
 *
 * @example
 * formatFlowYaml(['openid', 'orders/read']) // '[ openid, orders/read ]'
 */
export function formatFlowYaml(value: unknown): string {
  const document = new Document(value)
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && NEEDS_DOUBLE_QUOTES.test(node.value)) {
        node.type = 'QUOTE_DOUBLE'
      }
    },
  })
  return document.toString({ collectionStyle: 'flow', lineWidth: 0 }).trimEnd()
}
