import * as v from 'valibot'
import { LineCounter } from 'yaml'
import { checkConfigurationRules } from './check-configuration-rules.js'
import type { ClaimsmithConfigurationFile } from './claimsmith-configuration-file.js'
import {
  ConfigurationFileSchema,
  type ConfigurationFileShape,
} from './configuration-file-schema.js'
import type { ConfigurationFileResult, ConfigurationProblem } from './configuration-problem.js'
import { describeSchemaIssue } from './describe-schema-issue.js'
import { formatPath } from './format-path.js'
import { locatePath } from './locate-path.js'
import type { ProblemDraft } from './problem-draft.js'
import {
  type ConfigurationFormat,
  readConfigurationDocument,
} from './read-configuration-document.js'
import { schemaNode } from './schema-node.js'
import type { SourcePosition } from './source-position.js'

const ROOT = schemaNode(ConfigurationFileSchema)

function formatOf(fileName: string): ConfigurationFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml'
}

function failure(problems: ConfigurationProblem[]): ConfigurationFileResult {
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

function toConfiguration(data: ConfigurationFileShape): ClaimsmithConfigurationFile {
  return {
    identityResources: data.identityResources,
    apiScopes: data.apiScopes,
    apiResources: data.apiResources,
    clients: data.clients,
    users: data.users,
    settings: data.settings,
  }
}

/**
 * Reads and validates a configuration file (docs/claims.md) into the core's types:
 * first the text (YAML 1.2, or strict JSON when `fileName` ends in .json),
 * then the shape (unknown keys, types, empty names), then the rules across
 * entries. Every problem names the file, the 1-based line and column, and the
 * path, and says how to fix it; nothing is thrown for a bad file. A byte order
 * mark at the start is ignored.
 *
 * @example
 * const result = parseConfigurationFile(await readFile('claimsmith.yaml', 'utf8'), 'claimsmith.yaml')
 * if (!result.ok) for (const problem of result.problems) console.error(formatProblem(problem))
 */
export function parseConfigurationFile(text: string, fileName: string): ConfigurationFileResult {
  if (typeof text !== 'string') throw new TypeError('parseConfigurationFile: text must be a string')
  if (typeof fileName !== 'string') {
    throw new TypeError('parseConfigurationFile: fileName must be a string')
  }
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
  const shaped = v.safeParse(ConfigurationFileSchema, read.value, { abortPipeEarly: true })
  if (!shaped.success) {
    const sourceAt = (path: ProblemDraft['path']) => locate({ path, at: 'value' }).source
    return failure(
      shaped.issues.map((issue) => toProblem(describeSchemaIssue(issue, ROOT, sourceAt))),
    )
  }

  const drafts = checkConfigurationRules(shaped.output, (path) =>
    position(locate({ path, at: 'value' }).offset),
  )
  if (drafts.length > 0) return failure(drafts.map(toProblem))
  return { ok: true, configuration: toConfiguration(shaped.output) }
}
