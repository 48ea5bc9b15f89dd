import type { BaseIssue } from 'valibot'
import { SCOPE_TOKEN } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { PathSegment, ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'
import { descriptionOf, entriesAt, type SchemaNode } from './schema-node.js'
import { suggestClosest } from './suggest-closest.js'

/** The raw text of the scalar at a path, for hints that show what to write instead. */
export type SourceAt = (path: readonly PathSegment[]) => string | undefined

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  strict_object: 'a map of keys and values',
}

const YAML_1_1_BOOLEANS = new Set(['y', 'n', 'yes', 'no', 'on', 'off'])

function received(input: unknown): string {
  if (input === undefined) return 'nothing'
  if (input === null) return 'an empty value'
  if (typeof input === 'string') return 'text'
  if (typeof input === 'number') return 'a number'
  if (typeof input === 'boolean') return `the boolean ${input}`
  if (Array.isArray(input)) return 'a list'
  if (ArrayBuffer.isView(input)) return 'binary data'
  return 'a map'
}

function label(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the file' : formatPath(path)
}

function sentenceCase(description: string): string {
  return `${description.charAt(0).toLowerCase()}${description.slice(1).replace(/\.$/, '')}`
}

function pathOf(issue: BaseIssue<unknown>): PathSegment[] {
  return (issue.path ?? []).map((item) =>
    typeof item.key === 'number' ? item.key : String(item.key),
  )
}

function notAMap(path: readonly PathSegment[], input: unknown): ProblemDraft {
  return {
    path,
    at: 'value',
    message: `${label(path)} must be a map of keys and values, not ${received(input)}`,
    hint:
      path.length === 0
        ? 'start from the example that `claimsmith init` writes'
        : 'write key: value pairs, one per line, or { key: value, … }',
  }
}

function typeMismatch(
  issue: BaseIssue<unknown>,
  path: readonly PathSegment[],
  sourceAt: SourceAt,
): ProblemDraft {
  const { input } = issue
  if (issue.type === 'strict_object') {
    if (path.length === 0 && (input === null || input === undefined)) {
      return {
        path,
        at: 'value',
        message: 'the file is empty',
        hint: 'write a configuration, or start from the example that `claimsmith init` writes',
      }
    }
    return notAMap(path, input)
  }
  const message = `${label(path)} must be ${EXPECTED[issue.type] ?? issue.expected}, not ${received(input)}`
  const draft = (hint: string): ProblemDraft => ({ path, at: 'value', message, hint })
  const source = sourceAt(path)
  switch (issue.type) {
    case 'string':
      if (input === null || input === undefined) return draft('write a value after the colon')
      if (typeof input === 'number' || typeof input === 'boolean') {
        return draft(
          `put it in quotes so it is read as text: ${quoteForMessage(source ?? String(input))}`,
        )
      }
      if (path.at(-1) === 'value') {
        return draft(
          `write it as text; for structured data write JSON in single quotes with valueType: json, such as '{"beta": true}'`,
        )
      }
      return draft('write it as text')
    case 'boolean':
      if (typeof input === 'string' && YAML_1_1_BOOLEANS.has(input.toLowerCase())) {
        return draft('YAML 1.2 reads yes, no, on and off as text: write true or false')
      }
      if (typeof input === 'string' && /^(?:true|false)$/i.test(input)) {
        return draft('remove the quotes and write true or false in lower case')
      }
      return draft('write true or false')
    case 'number':
      return draft('write a whole number such as 2048')
    case 'array':
      return draft(
        typeof input === 'string'
          ? 'write a list, even of one item: [a] or "- a" on a line of its own'
          : 'write a list: [a, b] or one "- item" per line',
      )
  }
  return draft('see the JSON Schema for what is allowed here')
}

function keyIssue(issue: BaseIssue<unknown>, root: SchemaNode): ProblemDraft {
  const path = pathOf(issue)
  const parent = path.slice(0, -1)
  const key = String(path.at(-1) ?? '')
  const owner = issue.path?.at(-1)?.input
  if (Array.isArray(owner)) return notAMap(parent, owner)
  const entries = entriesAt(root, parent) ?? {}
  const allowed = Object.keys(entries)
  if (issue.expected === 'never') {
    const suggestion = suggestClosest(key, allowed)
    return {
      path,
      at: 'key',
      message: `${label(parent)} has an unknown key ${quoteForMessage(key)}`,
      hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}allowed keys: ${allowed.join(', ')}`,
    }
  }
  const entry = entries[key]
  const description = entry ? descriptionOf(entry) : undefined
  return {
    path,
    at: 'value',
    message: `${label(parent)} is missing "${key}"`,
    hint: description ? `add "${key}", ${sentenceCase(description)}` : `add "${key}"`,
  }
}

/**
 * Turns one valibot issue from the configuration file schema into a problem
 * that says what is wrong, where, and how to fix it.
 *
 * @example
 * describeSchemaIssue(issue, schemaNode(ConfigurationFileSchema), () => undefined)
 * // { path: ['clients', 0], at: 'key', message: 'clients[0] has an unknown key "claim"', hint: 'did you mean "claims"? …' }
 */
export function describeSchemaIssue(
  issue: BaseIssue<unknown>,
  root: SchemaNode,
  sourceAt: SourceAt,
): ProblemDraft {
  const path = pathOf(issue)
  if (issue.type === 'strict_object' && issue.path?.at(-1)?.origin === 'key') {
    return keyIssue(issue, root)
  }
  if (issue.kind === 'schema') return typeMismatch(issue, path, sourceAt)
  const at = 'value'
  switch (issue.type) {
    case 'non_empty':
      return {
        path,
        at,
        message: `${label(path)} must not be empty`,
        hint: 'write a value, or remove the entry',
      }
    case 'regex':
      if (issue.requirement === SCOPE_TOKEN) {
        return {
          path,
          at,
          message: `${label(path)} ${quoteForMessage(String(issue.input))} is not a valid scope name`,
          hint: 'a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 section 3.3), such as orders/read',
        }
      }
      break
    case 'integer':
      return {
        path,
        at,
        message: `${label(path)} must be a whole number`,
        hint: 'write a whole number such as 2048',
      }
    case 'min_value':
      return {
        path,
        at,
        message: `${label(path)} must be at least ${String(issue.requirement)}`,
        hint: `write a number of ${String(issue.requirement)} or more`,
      }
  }
  return { path, at, message: `${label(path)}: ${issue.message}`, hint: 'see the JSON Schema' }
}
