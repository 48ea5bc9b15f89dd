import type { JsonValue } from './claim.js'

/**
 * How many bytes the claims add to an encoded token: the UTF-8 length of their
 * JSON members (with the comma that joins them to the payload's own), as
 * base64url encodes it, four characters for every three bytes. Overridden
 * claims are counted in full, so this errs on the large side.
 *
 * @example
 * addedClaimBytes({ tier: 3 }) // 12: ',"tier":3' is 9 bytes, 12 encoded
 */
export function addedClaimBytes(claims: Readonly<Record<string, JsonValue>>): number {
  const json = JSON.stringify(claims)
  if (json === '{}') return 0
  // The object's braces are replaced by the single comma that joins its members to the payload.
  const members = Buffer.byteLength(json, 'utf8') - 1
  return Math.ceil((members * 4) / 3)
}
