/**
 * A claim as stored and as exchanged inside the core: the value is always the
 * string form; `valueType` says how to read it when it is serialized.
 *
 * @example
 * const tier: Claim = { type: 'tier', value: '3', valueType: 'integer' }
 */
export interface Claim {
  readonly type: string
  readonly value: string
  /** A short name (`integer`, `boolean`, …), an XML-schema URI, or absent for a string. */
  readonly valueType?: string | undefined
}

/** A JSON value as it appears in a token or a userinfo response. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }
