import type { PathSegment } from './problem-draft.js'

/** A 1-based line and column in the source text. */
export interface SourcePosition {
  readonly line: number
  readonly column: number
}

/** Where the value at a path starts, for messages that name a second place. */
export type PositionOf = (path: readonly PathSegment[]) => SourcePosition
