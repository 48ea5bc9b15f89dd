/** A key or index on the way from the top of the file to a value. */
export type PathSegment = string | number

/**
 * A problem found in the data, before it is given a line and column: the
 * path it is about, and whether it points at the key there or at its value.
 */
export interface ProblemDraft {
  readonly path: readonly PathSegment[]
  readonly at: 'key' | 'value'
  readonly message: string
  readonly hint: string
}
