import { writeFile } from 'node:fs/promises'
import {
  type ClaimsTestResult,
  type ClaimsTestSources,
  type ClaimsTestsFile,
  checkClaimsTestCase,
  createClaimsTestRunner,
  formatClaimsTestResults,
  formatJunitReport,
  parseClaimsTestsFile,
  updateClaimsTestsFile,
} from '../../claims-tests/index.js'
import { formatProblem } from '../../configuration-file/index.js'
import { memoizeClaimsStore, type StoredUser, staticConfigurationSource } from '../../core/index.js'
import { DynamoDbClaimsStore, DynamoDbConfigurationSource } from '../../dynamodb/index.js'
import { CliError } from '../cli-error.js'
import type { CommandContext } from '../command-context.js'
import type { CommandDefinition } from '../command-definition.js'
import { TABLE_OPTIONS } from '../common-options.js'
import { configurationFromFile } from '../configuration-from-file.js'
import {
  ConfigurationFileInvalidError,
  fileError,
  loadConfigurationFile,
  readTextFile,
} from '../load-configuration-file.js'
import { openClaimsTable } from '../open-claims-table.js'
import { flag, stringValue } from '../parse-command-line.js'
import { UsageError } from '../usage-error.js'

const COMMAND = 'test'

/** A file that cannot be read or does not validate: exit 2, as for a wrong command line. */
class FileProblems extends Error {
  override readonly name: string = 'FileProblems'
  readonly lines: readonly string[]

  constructor(lines: readonly string[]) {
    super(lines.join('\n'))
    this.lines = lines
  }
}

async function loadSources(
  context: CommandContext,
  values: Parameters<CommandDefinition['run']>[1]['values'],
  configurationFile: string | undefined,
): Promise<ClaimsTestSources> {
  if (configurationFile === undefined) {
    const { client, tableName } = openClaimsTable(context, values, COMMAND)
    return {
      configurationSource: new DynamoDbConfigurationSource({ client, tableName }),
      store: memoizeClaimsStore(new DynamoDbClaimsStore({ client, tableName })),
    }
  }
  const loaded = await loadConfigurationFile(
    context.resolvePath(configurationFile),
    configurationFile,
  )
  const configuration = configurationFromFile(loaded.configuration)
  const users = new Map<string, StoredUser>(loaded.configuration.users.map((u) => [u.sub, u]))
  return {
    configurationSource: staticConfigurationSource(configuration),
    store: { findUser: (sub) => Promise.resolve(users.get(sub)) },
  }
}

async function loadTestsFile(context: CommandContext, fileName: string): Promise<ClaimsTestsFile> {
  const result = parseClaimsTestsFile(
    await readTextFile(context.resolvePath(fileName), fileName, 'tests'),
    fileName,
  )
  if (!result.ok) {
    throw new FileProblems([
      ...result.problems.map(formatProblem),
      `error: ${fileName} has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; fix ${result.problems.length === 1 ? 'it' : 'them'} and run again`,
    ])
  }
  return result.tests
}

/** `claimsmith test`: claims tests against a configuration file (or a table), offline. */
export const testCommand: CommandDefinition = {
  name: COMMAND,
  summary: 'run claims tests: the tokens and userinfo answers cases expect',
  usage:
    'claimsmith test <configuration-file> <tests-file> [<tests-file>…] [--reporter text|junit --output <file>] [--update] | claimsmith test --table <name> <tests-file>…',
  description: [
    'Runs each case of the tests files through the pre-token-generation trigger and the userinfo endpoint, built from the same handlers the deployed functions run, over the configuration file and its users held in memory: no DynamoDB, no AWS, no network. A case passes when the ID token, the access token and the userinfo answer carry the claims it expects with exactly those JSON values (42 is not "42"), none of the types it lists as absent, and the sign-in is refused exactly when it expects so. With --table the configuration and users come from that table instead of a file.',
    'A failing case prints its name, file:line and, per token, the expected and actual value of each claim that differs; a passing run prints one line. Exits 0 when every case passes, 1 when any fails, 2 for a wrong command line or a file that cannot be read or has problems (printed as file:line:column: message).',
    '--update writes what the tokens carried into the expect of each case that has none, keeping the file’s comments; cases with expectations are never changed.',
  ],
  options: {
    reporter: {
      type: 'string',
      placeholder: 'text|junit',
      description: 'text (default), or junit: JUnit XML into --output for CI systems',
    },
    output: { type: 'string', placeholder: 'file', description: 'where --reporter junit writes' },
    update: {
      type: 'boolean',
      description: 'write the actual claims into cases without expectations',
    },
    ...TABLE_OPTIONS,
  },
  positionals: {
    min: 1,
    max: Number.POSITIVE_INFINITY,
    names: 'configuration-file tests-file… (with --table: tests-file…)',
  },
  examples: [
    {
      command: 'claimsmith test claimsmith.yaml claimsmith.tests.yaml',
      description: 'runs the cases against the file, offline',
    },
    {
      command:
        'claimsmith test claimsmith.yaml claimsmith.tests.yaml --reporter junit --output claims-junit.xml',
      description: 'also writes JUnit XML for the CI system',
    },
    {
      command: 'claimsmith test --table claims-prod claimsmith.tests.yaml',
      description: 'runs the same cases against what the table holds',
    },
  ],
  async run(context, { values, positionals }) {
    const reporter = stringValue(values, 'reporter') ?? 'text'
    if (reporter !== 'text' && reporter !== 'junit') {
      throw new UsageError(
        `--reporter must be text or junit, not ${JSON.stringify(reporter)}`,
        COMMAND,
      )
    }
    const output = stringValue(values, 'output')
    if (reporter === 'junit' && (output === undefined || output === '')) {
      throw new UsageError('--reporter junit needs --output <file>', COMMAND)
    }
    if (reporter === 'text' && output !== undefined) {
      throw new UsageError('--output is for --reporter junit', COMMAND)
    }
    const fromTable = stringValue(values, 'table') !== undefined
    const configurationFile = fromTable ? undefined : positionals[0]
    const testsFiles = fromTable ? positionals : positionals.slice(1)
    if (testsFiles.length === 0) {
      throw new UsageError(
        fromTable ? 'missing tests file' : 'missing tests file after the configuration file',
        COMMAND,
      )
    }

    let sources: ClaimsTestSources
    const files: ClaimsTestsFile[] = []
    try {
      sources = await loadSources(context, values, configurationFile)
      for (const fileName of testsFiles) files.push(await loadTestsFile(context, fileName))
    } catch (error) {
      if (error instanceof FileProblems) {
        for (const line of error.lines) context.err(line)
        return 2
      }
      if (error instanceof ConfigurationFileInvalidError) {
        for (const line of error.details) context.err(line)
        context.err(`error: ${error.message}`)
        return 2
      }
      if (
        error instanceof CliError &&
        (error.code === 'CLI_FILE_UNREADABLE' || error.code === 'CLI_FILE_TOO_LARGE')
      ) {
        for (const line of error.details) context.err(line)
        context.err(`error: ${error.message}`)
        return 2
      }
      throw error
    }

    const runner = await createClaimsTestRunner(sources)
    const results: ClaimsTestResult[] = []
    for (const file of files) {
      for (const testCase of file.cases) {
        const outcome = await runner.run(testCase)
        results.push({ testCase, outcome, mismatches: checkClaimsTestCase(testCase, outcome) })
      }
    }

    if (flag(values, 'update')) {
      for (const file of files) {
        const text = updateClaimsTestsFile(
          file,
          results,
          /\.json$/i.test(file.file) ? 'json' : 'yaml',
        )
        if (text === undefined) continue
        try {
          await writeFile(context.resolvePath(file.file), text, 'utf8')
        } catch (error) {
          throw fileError(error, file.file, 'write')
        }
        const written = results.filter(
          (r) => r.testCase.file === file.file && r.testCase.expect === undefined,
        )
        context.err(
          `Wrote the expectations of ${written.length} case${written.length === 1 ? '' : 's'} into ${file.file}`,
        )
      }
    }
    if (reporter === 'junit' && output !== undefined) {
      try {
        await writeFile(context.resolvePath(output), formatJunitReport(results), 'utf8')
      } catch (error) {
        throw fileError(error, output, 'write')
      }
    }
    context.stdout.write(formatClaimsTestResults(results))
    return results.some((result) => result.mismatches.length > 0) ? 1 : 0
  },
}
