const LIMIT = 40

/**
 * A value quoted for a problem message, cut to about 40 characters: enough to
 * find it in the file, never a whole secret pasted into a terminal or a log.
 *
 * @example
 * quoteForMessage('abc') // '"abc"'
 */
export function quoteForMessage(value: string): string {
  const characters = Array.from(value)
  return characters.length > LIMIT
    ? `${JSON.stringify(characters.slice(0, LIMIT).join(''))}…`
    : JSON.stringify(value)
}
