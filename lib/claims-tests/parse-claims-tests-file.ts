import type { Document } from 'yaml'
import {
  CLIENT_CREDENTIALS_TRIGGER_SOURCE,
  type PreTokenGenerationTriggerSource,
} from '../cognito/trigger-sources.js'
import type { ConfigurationProblem } from '../configuration-file/configuration-problem.js'
import { parseSourceFile } from '../configuration-file/parse-source-file.js'
import type { ProblemDraft } from '../configuration-file/problem-draft.js'
import type { JsonValue } from '../core/index.js'
import type { ClaimsTestCase } from './claims-test-case.js'
import { ClaimsTestsFileSchema, type ClaimsTestsFileShape } from './claims-tests-file-schema.js'

/** A valid tests file: its cases, and its document for `--update`. */
export interface ClaimsTestsFile {
  readonly file: string
  readonly cases: readonly ClaimsTestCase[]
  readonly document: Document
}

/** The tests file, or every problem with it (sorted by position). */
export type ClaimsTestsFileResult =
  | { readonly ok: true; readonly tests: ClaimsTestsFile }
  | { readonly ok: false; readonly problems: readonly ConfigurationProblem[] }

const DEFAULT_TRIGGER_SOURCE: PreTokenGenerationTriggerSource = 'TokenGeneration_HostedAuth'

/** The rules across a case's keys, which the schema alone cannot state. */
function checkCases(data: ClaimsTestsFileShape): ProblemDraft[] {
  const drafts: ProblemDraft[] = []
  data.tests.forEach((test, index) => {
    const at = (...path: (string | number)[]): ProblemDraft['path'] => ['tests', index, ...path]
    const clientCredentials = test.triggerSource === CLIENT_CREDENTIALS_TRIGGER_SOURCE
    if (clientCredentials) {
      if (test.version !== 3) {
        drafts.push({
          path: at(test.version === undefined ? 'triggerSource' : 'version'),
          at: 'value',
          message: `tests[${index}] is a client-credentials grant, which Cognito sends in version 3 events only`,
          hint: 'add version: 3',
        })
      }
      for (const key of ['sub', 'user', 'attributes'] as const) {
        if (test[key] !== undefined) {
          drafts.push({
            path: at(key),
            at: 'key',
            message: `tests[${index}].${key} is given, but a client-credentials grant has no user`,
            hint: `remove ${key}, or use a user's trigger source such as ${DEFAULT_TRIGGER_SOURCE}`,
          })
        }
      }
      for (const key of ['idToken', 'userinfo'] as const) {
        if (test.expect?.[key] !== undefined || test.expect?.absent?.[key] !== undefined) {
          drafts.push({
            path: at('expect', test.expect?.[key] !== undefined ? key : 'absent'),
            at: 'key',
            message: `tests[${index}] expects ${key} claims, but a client-credentials grant issues an access token only`,
            hint: 'expect accessToken claims instead',
          })
        }
      }
    } else if (test.sub === undefined) {
      drafts.push({
        path: at(),
        at: 'value',
        message: `tests[${index}] is missing "sub"`,
        hint: `add the user's sub, or set triggerSource: ${CLIENT_CREDENTIALS_TRIGGER_SOURCE} (with version: 3) for a grant without a user`,
      })
    }
    if (test.version === 1) {
      if (
        test.expect?.accessToken !== undefined ||
        test.expect?.absent?.accessToken !== undefined
      ) {
        drafts.push({
          path: at('expect', test.expect?.accessToken !== undefined ? 'accessToken' : 'absent'),
          at: 'key',
          message: `tests[${index}] expects access token claims, but version 1 events shape the ID token only`,
          hint: 'use version: 2 or 3, or expect idToken claims',
        })
      }
      if (test.scopes !== undefined) {
        drafts.push({
          path: at('scopes'),
          at: 'key',
          message: `tests[${index}].scopes is given, but version 1 events carry no scopes`,
          hint: "remove scopes (the client's allowedScopes apply), or use version: 2 or 3",
        })
      }
    }
  })
  return drafts
}

/**
 * Reads and validates a claims tests file (YAML, or JSON when `fileName`
 * ends in .json) as `parseConfigurationFile` does a configuration file: every
 * problem names the file, the line and column, and says how to fix it.
 *
 * @example
 * const result = parseClaimsTestsFile(await readFile('claimsmith.tests.yaml', 'utf8'), 'claimsmith.tests.yaml')
 * if (result.ok) result.tests.cases[0]?.version // '2'
 */
export function parseClaimsTestsFile(text: string, fileName: string): ClaimsTestsFileResult {
  const result = parseSourceFile(text, fileName, ClaimsTestsFileSchema, checkCases)
  if (!result.ok) return result
  const cases = result.value.tests.map(
    (test, index): ClaimsTestCase => ({
      name: test.name,
      file: fileName,
      line: result.positionOf(['tests', index]).line,
      index,
      sub: test.sub,
      clientId: test.client,
      scopes: test.scopes,
      version: String(test.version ?? 2) as ClaimsTestCase['version'],
      triggerSource: test.triggerSource ?? DEFAULT_TRIGGER_SOURCE,
      attributes: test.attributes ?? {},
      user:
        test.user === undefined || test.sub === undefined
          ? undefined
          : { sub: test.sub, active: test.user.active ?? true, claims: test.user.claims },
      expect:
        test.expect === undefined
          ? undefined
          : {
              ...test.expect,
              idToken: test.expect.idToken as Record<string, JsonValue> | undefined,
              accessToken: test.expect.accessToken as Record<string, JsonValue> | undefined,
              userinfo: test.expect.userinfo as Record<string, JsonValue> | undefined,
              introspection: test.expect.introspection as Record<string, JsonValue> | undefined,
            },
    }),
  )
  return { ok: true, tests: { file: fileName, cases, document: result.document } }
}
