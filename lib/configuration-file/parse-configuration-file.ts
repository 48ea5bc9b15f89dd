import { checkConfigurationRules } from './check-configuration-rules.js'
import type { ClaimsmithConfigurationFile } from './claimsmith-configuration-file.js'
import {
  ConfigurationFileSchema,
  type ConfigurationFileShape,
} from './configuration-file-schema.js'
import type { ConfigurationFileResult } from './configuration-problem.js'
import { parseSourceFile } from './parse-source-file.js'

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
  const result = parseSourceFile(text, fileName, ConfigurationFileSchema, checkConfigurationRules)
  if (!result.ok) return result
  return { ok: true, configuration: toConfiguration(result.value) }
}
