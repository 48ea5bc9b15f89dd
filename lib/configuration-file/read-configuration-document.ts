import {
  type Alias,
  type Document,
  type ErrorCode,
  isAlias,
  type LineCounter,
  parseDocument,
  visit,
} from 'yaml'
import { findJsonSyntaxError } from './find-json-syntax-error.js'

/** How the text is written: `json` files must be strict JSON, YAML-only syntax included. */
export type ConfigurationFormat = 'yaml' | 'json'

/** A problem with the text itself, at an offset. */
export interface SyntaxProblem {
  readonly offset: number
  readonly message: string
  readonly hint: string
}

/** The data in the file and its YAML document (for positions), or why it cannot be read. */
export type ReadDocumentResult =
  | { readonly ok: true; readonly value: unknown; readonly document: Document }
  | { readonly ok: false; readonly problems: readonly SyntaxProblem[] }

const ALIAS_HINT = 'define the anchor (&name) before the alias (*name) that uses it'
const EXHAUSTION_HINT = 'the file nests too deeply or expands too many aliases; simplify it'

const YAML_HINTS: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: 'line up the items of one list or map at the same column, indenting with spaces',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'keep one of the two keys',
  MISSING_CHAR: 'add what is missing (a closing quote or bracket, a "-"), or fix the indentation',
  MULTIPLE_DOCS: 'keep one document: remove the "---" line and what follows, or merge the two',
  TAG_RESOLVE_FAILED: 'remove the tag (the word starting with !); the configuration needs none',
  BAD_ALIAS: ALIAS_HINT,
  BLOCK_AS_IMPLICIT_KEY: 'write each key on one line, followed by ":"',
  MULTILINE_IMPLICIT_KEY: 'write each key on one line, followed by ":"',
  BLOCK_IN_FLOW: 'inside [ ] or { } separate items with commas, not "-" on new lines',
  BAD_DQ_ESCAPE: 'in double quotes write a backslash as \\\\, or use single quotes',
  KEY_OVER_1024_CHARS: 'shorten the key',
  RESOURCE_EXHAUSTION: EXHAUSTION_HINT,
  UNEXPECTED_TOKEN:
    'check this line for a missing ":" or "-", a stray character, or wrong indentation',
}

// yaml's own wording here speaks to programmers using the library, not to the file's author.
const YAML_MESSAGES: Partial<Record<ErrorCode, string>> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
}

/**
 * Deeper flow collections ([ and {) are refused before the YAML parser sees
 * them. It recurses once per level; near the stack's end Node 20's V8 can
 * abort the whole process while compiling a regular expression (a fatal
 * "RegExpCompiler Allocation failed", not a catchable error), as a second
 * deeply nested file read in one process showed. A configuration nests five
 * levels at most.
 */
const MAX_FLOW_DEPTH = 64

/**
 * The offset of the first [ or { past `MAX_FLOW_DEPTH` levels, or `undefined`.
 * JSON strings are skipped exactly; YAML is counted everywhere, quotes and
 * comments included, so a stray quote can never hide a deep nest (a bracket in
 * a string only ever counts too much).
 */
function tooDeepAt(text: string, format: ConfigurationFormat): number | undefined {
  let depth = 0
  let inString = false
  for (let offset = 0; offset < text.length; offset += 1) {
    const char = text[offset]
    if (inString) {
      if (char === '\\') offset += 1
      else if (char === '"') inString = false
    } else if (char === '"' && format === 'json') {
      inString = true
    } else if (char === '[' || char === '{') {
      depth += 1
      if (depth > MAX_FLOW_DEPTH) return offset
    } else if ((char === ']' || char === '}') && depth > 0) {
      depth -= 1
    }
  }
  return undefined
}

function yamlDocument(text: string, lineCounter: LineCounter): Document {
  return parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
}

function sentence(message: string): string {
  return `${message.charAt(0).toLowerCase()}${message.slice(1)}`
}

function readJson(text: string, document: Document): ReadDocumentResult {
  const error = findJsonSyntaxError(text)
  if (error) {
    return {
      ok: false,
      problems: [
        { offset: error.offset, message: `invalid JSON: ${error.message}`, hint: error.hint },
      ],
    }
  }
  // JSON.parse is the reference reader; the YAML document only maps paths to positions.
  return { ok: true, value: JSON.parse(text), document }
}

/**
 * The first alias, or with `unresolvedOnly` the first whose anchor is not
 * defined before it, in one pass: anchors are collected in document order
 * as the walk meets them. (`Alias.resolve` walks the whole document for
 * each alias: quadratic, 10 s for a 72 KB file of 4,000 merges.)
 */
function firstAlias(document: Document, unresolvedOnly: boolean): Alias | undefined {
  let found: Alias | undefined
  const anchors = new Set<string>()
  visit(document, {
    Node(_, node) {
      if (isAlias(node)) {
        if (unresolvedOnly && anchors.has(node.source)) return undefined
        found = node
        return visit.BREAK
      }
      if (node.anchor !== undefined) anchors.add(node.anchor)
      return undefined
    },
  })
  return found
}

function readYaml(document: Document): ReadDocumentResult {
  const problems = [...document.errors, ...document.warnings].map((error) => ({
    offset: error.pos[0],
    message: `invalid YAML: ${YAML_MESSAGES[error.code] ?? sentence(error.message)}`,
    hint: YAML_HINTS[error.code] ?? 'check the YAML syntax here',
  }))
  if (problems.length > 0) return { ok: false, problems }
  const alias = firstAlias(document, true)
  if (alias) {
    return {
      ok: false,
      problems: [
        {
          offset: alias.range?.[0] ?? 0,
          message: `invalid YAML: the alias *${alias.source} has no anchor &${alias.source} before it`,
          hint: ALIAS_HINT,
        },
      ],
    }
  }
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }), document }
  } catch (error) {
    // yaml refuses alias expansions past maxAliasCount (a "billion laughs" file) by throwing.
    return {
      ok: false,
      problems: [
        {
          offset: firstAlias(document, false)?.range?.[0] ?? 0,
          message: `invalid YAML: ${sentence(error instanceof Error ? error.message : String(error))}`,
          hint: EXHAUSTION_HINT,
        },
      ],
    }
  }
}

/**
 * Reads the text of a configuration file into plain data, keeping its YAML
 * document so problems found later can be given a line and column. YAML is
 * read as YAML 1.2; JSON (which is YAML 1.2 too) is held to strict JSON, so a
 * comment or a trailing comma in a .json file is an error, as any other JSON
 * reader would make it.
 *
 * @example
 * const read = readConfigurationDocument('clients: []', 'yaml', new LineCounter())
 * read.ok && read.value // { clients: [] }
 */
export function readConfigurationDocument(
  text: string,
  format: ConfigurationFormat,
  lineCounter: LineCounter,
): ReadDocumentResult {
  const deep = tooDeepAt(text, format)
  if (deep !== undefined) {
    // The parser fills the line counter as it reads; without it, the line starts are given here.
    lineCounter.addNewLine(0)
    for (let at = text.indexOf('\n'); at !== -1 && at < deep; at = text.indexOf('\n', at + 1)) {
      lineCounter.addNewLine(at + 1)
    }
    return {
      ok: false,
      problems: [
        {
          offset: deep,
          message: `invalid ${format === 'json' ? 'JSON' : 'YAML'}: [ and { nest more than ${MAX_FLOW_DEPTH} levels deep`,
          hint: EXHAUSTION_HINT,
        },
      ],
    }
  }
  const document = yamlDocument(text, lineCounter)
  return format === 'json' ? readJson(text, document) : readYaml(document)
}
