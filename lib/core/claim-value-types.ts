/** The value types a claim can declare, by their short names. */
export const ClaimValueTypes = Object.freeze({
  String: 'string',
  Integer: 'integer',
  Integer32: 'integer32',
  Integer64: 'integer64',
  Double: 'double',
  Boolean: 'boolean',
  Json: 'json',
} as const)

/** The canonical kinds a declared value type resolves to. `integer` is `integer32`. */
export type ClaimValueKind = 'string' | 'integer32' | 'integer64' | 'double' | 'boolean' | 'json'

const XML_SCHEMA = 'http://www.w3.org/2001/XMLSchema#'

const KINDS: ReadonlyMap<string, ClaimValueKind> = new Map([
  ['string', 'string'],
  [`${XML_SCHEMA}string`, 'string'],
  ['integer', 'integer32'],
  [`${XML_SCHEMA}integer`, 'integer32'],
  ['integer32', 'integer32'],
  [`${XML_SCHEMA}integer32`, 'integer32'],
  ['integer64', 'integer64'],
  [`${XML_SCHEMA}integer64`, 'integer64'],
  ['double', 'double'],
  [`${XML_SCHEMA}double`, 'double'],
  ['boolean', 'boolean'],
  [`${XML_SCHEMA}boolean`, 'boolean'],
])

/**
 * The kind a declared value type resolves to. Absent or unknown types (such as
 * "any") read as strings, as in Duende; "json" matches in any case.
 *
 * @example
 * claimValueKind('http://www.w3.org/2001/XMLSchema#integer64') // 'integer64'
 */
export function claimValueKind(valueType: string | undefined): ClaimValueKind {
  if (valueType === undefined) return 'string'
  if (valueType.toLowerCase() === 'json') return 'json'
  return KINDS.get(valueType) ?? 'string'
}

/** Whether `valueType` names a known type (absent counts as string). The validator refuses the others. */
export function isKnownClaimValueType(valueType: string | undefined): boolean {
  return valueType === undefined || valueType.toLowerCase() === 'json' || KINDS.has(valueType)
}
