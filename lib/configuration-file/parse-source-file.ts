import * as v from 'valibot'
import { type Document, LineCounter } from 'yaml'
import type { ConfigurationProblem } from './configuration-problem.js'
import { describeSchemaIssue } from './describe-schema-issue.js'
import { formatPath } from './format-path.js'
import { locatePath } from './locate-path.js'
import type { PathSegment, ProblemDraft } from './problem-draft.js'
import {
  type ConfigurationFormat,
  readConfigurationDocument,
} from './read-configuration-document.js'
import { schemaNode } from './schema-node.js'
import type { PositionOf, SourcePosition } from './source-position.js'

/** A file that has the schema's shape and passes the rules, with where each path is in it. */
export interface ParsedSourceFile<T> {
  readonly ok: true
  readonly value: T
  /** The YAML document (JSON files too), for edits that keep comments and layout. */
  readonly document: Document
  /** The 1-based line and column of the value at a path. */
  readonly positionOf: PositionOf
}

/** The file's data, or every problem with it (sorted by position). */
export type SourceFileResult<T> =
  | ParsedSourceFile<T>
  | { readonly ok: false; readonly problems: readonly ConfigurationProblem[] }

function formatOf(fileName: string): ConfigurationFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml'
}

function failure(problems: ConfigurationProblem[]): {
  ok: false
  problems: ConfigurationProblem[]
} {
  const seen = new Set<string>()
  const unique = problems.filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  unique.sort((a, b) => a.line - b.line || a.column - b.column)
  return { ok: false, problems: unique }
}

/**
 * Reads a YAML or JSON file the user writes (a configuration or a tests file)
 * into data of `schema`'s shape: first the text (YAML 1.2, or strict JSON
 * when `fileName` ends in .json), then the shape, then `checkRules` across
 * entries. Every problem names the file, the 1-based line and column, and the
 * path, and says how to fix it; nothing is thrown for a bad file. A byte order
 * mark at the start is ignored.
 *
 * @example
 * const result = parseSourceFile(text, 'claimsmith.yaml', ConfigurationFileSchema, checkConfigurationRules)
 */
export function parseSourceFile<S extends v.GenericSchema>(
  text: string,
  fileName: string,
  schema: S,
  checkRules: (data: v.InferOutput<S>, positionOf: PositionOf) => ProblemDraft[],
): SourceFileResult<v.InferOutput<S>> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const lineCounter = new LineCounter()
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }

  const read = readConfigurationDocument(source, formatOf(fileName), lineCounter)
  if (!read.ok) {
    return failure(
      read.problems.map((problem) => ({
        file: fileName,
        ...position(problem.offset),
        path: '',
        message: problem.message,
        hint: problem.hint,
      })),
    )
  }

  const locate = (draft: Pick<ProblemDraft, 'path' | 'at'>) =>
    locatePath(read.document, source, draft.path, draft.at)
  const toProblem = (draft: ProblemDraft): ConfigurationProblem => ({
    file: fileName,
    ...position(locate(draft).offset),
    path: formatPath(draft.path),
    message: draft.message,
    hint: draft.hint,
  })

  // One problem per value: an empty scope name is empty, not also an invalid scope token.
  const shaped = v.safeParse(schema, read.value, { abortPipeEarly: true })
  if (!shaped.success) {
    const root = schemaNode(schema)
    const sourceAt = (path: ProblemDraft['path']) => locate({ path, at: 'value' }).source
    return failure(
      shaped.issues.map((issue) => toProblem(describeSchemaIssue(issue, root, sourceAt))),
    )
  }

  const positionOf = (path: readonly PathSegment[]) =>
    position(locate({ path, at: 'value' }).offset)
  const drafts = checkRules(shaped.output, positionOf)
  if (drafts.length > 0) return failure(drafts.map(toProblem))
  return { ok: true, value: shaped.output, document: read.document, positionOf }
}
