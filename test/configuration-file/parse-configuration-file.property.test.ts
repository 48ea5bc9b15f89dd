import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  type ConfigurationFileResult,
  parseConfigurationFile,
} from '../../lib/configuration-file/index.js'
import { claimTypeRestriction } from '../../lib/core/index.js'

const EXAMPLE = readFileSync(new URL('../../examples/claimsmith.yaml', import.meta.url), 'utf8')
const FILE_NAMES = fc.constantFrom('claimsmith.yaml', 'claimsmith.yml', 'claimsmith.json')

function expectWellFormed(result: ConfigurationFileResult, text: string, fileName: string): void {
  if (result.ok) {
    expect(Array.isArray(result.configuration.clients)).toBe(true)
    expect(result.configuration.settings.tokenSizeBudgetBytes).toBeGreaterThanOrEqual(1)
    return
  }
  expect(result.problems.length).toBeGreaterThan(0)
  const lineCount = text.split(/\r\n|\r|\n/).length
  let previous = { line: 1, column: 1 }
  for (const problem of result.problems) {
    expect(problem.file).toBe(fileName)
    expect(Number.isInteger(problem.line) && problem.line >= 1).toBe(true)
    expect(Number.isInteger(problem.column) && problem.column >= 1).toBe(true)
    expect(problem.line).toBeLessThanOrEqual(lineCount + 1)
    expect(typeof problem.path).toBe('string')
    expect(problem.message.length).toBeGreaterThan(0)
    expect(problem.hint.length).toBeGreaterThan(0)
    const ordered =
      problem.line > previous.line ||
      (problem.line === previous.line && problem.column >= previous.column)
    expect(ordered).toBe(true)
    previous = problem
  }
}

function check(text: string, fileName: string): void {
  expectWellFormed(parseConfigurationFile(text, fileName), text, fileName)
}

type Mutation = (text: string, at: number, extra: string) => string

const MUTATIONS: readonly Mutation[] = [
  (text, at) => text.slice(0, at) + text.slice(at + 1),
  (text, at, extra) => text.slice(0, at) + extra + text.slice(at),
  (text, at, extra) => text.slice(0, at) + extra + text.slice(at + extra.length),
  (text, at) => {
    const lines = text.split('\n')
    const index = at % lines.length
    return [...lines.slice(0, index), lines[index] ?? '', ...lines.slice(index)].join('\n')
  },
  (text, at) => {
    const lines = text.split('\n')
    const index = at % lines.length
    return [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n')
  },
  (text, at) => {
    const lines = text.split('\n')
    const index = at % lines.length
    return lines.map((line, i) => (i === index ? ` ${line}` : line)).join('\n')
  },
]

const mutatedExample = fc
  .array(
    fc.tuple(
      fc.nat({ max: MUTATIONS.length - 1 }),
      fc.nat(),
      fc.oneof(
        fc.constantFrom(
          ':',
          '-',
          ' ',
          '\t',
          '[',
          ']',
          '{',
          '}',
          '"',
          "'",
          '#',
          '&a',
          '*a',
          '!x',
          '\n',
          '0x',
          'sub',
          'yes',
        ),
        fc.string({ maxLength: 6 }),
      ),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((mutations) =>
    mutations.reduce(
      (text, [which, at, extra]) =>
        (MUTATIONS[which] as Mutation)(text, at % (text.length + 1), extra),
      EXAMPLE,
    ),
  )

describe('parseConfigurationFile (properties)', () => {
  it('never throws and always positions its problems when given arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), FILE_NAMES, check), {
      numRuns: 1000,
    })
  })

  it('never throws and always positions its problems when given arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value, null, 2)
        check(json, 'claimsmith.json')
        check(json, 'claimsmith.yaml')
        check(stringify(value), 'claimsmith.yaml')
      }),
      { numRuns: 500 },
    )
  })

  it('never throws and always positions its problems when the example is mutated', () => {
    fc.assert(
      fc.property(mutatedExample, FILE_NAMES, (text, fileName) => {
        check(text, fileName)
        check(text, 'claimsmith.yaml')
      }),
      { numRuns: 300 },
    )
  })

  it('reads generated configurations the same from YAML and JSON when they are valid', () => {
    const name = fc
      .stringMatching(/^[a-z][a-z0-9_]{0,11}$/)
      .filter((type) => claimTypeRestriction(type) === undefined)
    const claim = fc.record({ type: name, value: fc.string({ maxLength: 20 }) })
    const user = fc.record({
      sub: fc.uuid(),
      active: fc.boolean(),
      claims: fc.array(claim, { maxLength: 4 }),
    })
    const users = fc.uniqueArray(user, { selector: (u) => u.sub, maxLength: 4 })
    fc.assert(
      fc.property(users, (generated) => {
        const data = { users: generated }
        const fromYaml = parseConfigurationFile(stringify(data), 'claimsmith.yaml')
        const fromJson = parseConfigurationFile(JSON.stringify(data), 'claimsmith.json')
        expect(fromYaml).toEqual(fromJson)
        expect(fromYaml.ok && fromYaml.configuration.users).toEqual(generated)
      }),
      { numRuns: 200 },
    )
  })
})
