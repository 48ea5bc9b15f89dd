import { expect } from 'vitest'
import {
  type ClaimsmithConfigurationFile,
  type ConfigurationProblem,
  parseConfigurationFile,
} from '../../lib/configuration-file/index.js'

/** A file's text from its lines, so a test reads line numbers off the array index + 1. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`
}

/** The problems of a file that must not validate. */
export function problemsOf(
  text: string,
  fileName = 'claimsmith.yaml',
): readonly ConfigurationProblem[] {
  const result = parseConfigurationFile(text, fileName)
  if (result.ok) throw new Error(`expected problems, got a valid configuration:\n${text}`)
  return result.problems
}

/** The only problem of a file that has exactly one. */
export function onlyProblemOf(text: string, fileName = 'claimsmith.yaml'): ConfigurationProblem {
  const problems = problemsOf(text, fileName)
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1)
  return problems[0] as ConfigurationProblem
}

/** The configuration of a file that must validate. */
export function configurationOf(
  text: string,
  fileName = 'claimsmith.yaml',
): ClaimsmithConfigurationFile {
  const result = parseConfigurationFile(text, fileName)
  if (!result.ok) {
    throw new Error(
      `expected a valid configuration, got:\n${JSON.stringify(result.problems, null, 2)}`,
    )
  }
  return result.configuration
}
