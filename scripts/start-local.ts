/**
 * Runs claimsmith locally (`npm start`): dynalite, cognito-local, the Lambda
 * Invoke API, userinfo and introspection on 127.0.0.1, with the example configuration.
 *
 *   tsx scripts/start-local.ts [--endpoint URL] [--table NAME] [--config FILE] [--random-ports]
 *                              [--no-demo] [--verbose] [--dist-dir DIR] [--endpoints-file FILE]
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { stop as stopEsbuild } from 'esbuild'
import { CliError } from '../lib/cli/cli-error.js'
import { describeError } from '../lib/cli/describe-error.js'
import { describeLocalStack } from '../lib/local/describe-local-stack.js'
import { type LocalStack, startLocalStack } from '../lib/local/start-local-stack.js'

const USAGE = `Usage: npm start -- [options]

  --endpoint URL         use the DynamoDB at URL (e.g. DynamoDB Local) instead of the embedded
                         dynalite; default $AWS_ENDPOINT_URL_DYNAMODB when set
  --table NAME           the claims table (default claimsmith-local; an existing one is reused)
  --config FILE          the configuration to apply (default examples/claimsmith.yaml)
  --random-ports         let the OS pick every port instead of 8000, 9229, 9230 and 9231
                         (without it, a taken default port stops the start, naming its holder)
  --no-demo              skip the demo sign-in
  --verbose              show every log line of the functions and of cognito-local
  --dist-dir DIR         where the function bundles are built (default dist)
  --endpoints-file FILE  write the endpoints as JSON to FILE once ready
  --help                 show this help`

/** Printed once everything serves; tools wait for it. */
const READY_LINE = 'claimsmith local stack ready'
const REPEAT_WINDOW_MS = 1_000
const PARENT_POLL_MS = 250

// The AWS SDK warns on every client that its releases after January 2027
// need Node.js 22; development is supported on Node.js 20 until then.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// A terminal that closed (SIGHUP) makes every write fail; the stack must still stop cleanly.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})

/** One line to standard output, also when nobody reads it any more. */
function say(line: string): void {
  process.stdout.write(`${line}\n`)
}

let options: ReturnType<typeof parseOptions>
try {
  options = parseOptions()
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`)
  process.exit(2)
}
if (options.help) {
  console.log(USAGE)
  process.exit(0)
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      table: { type: 'string' },
      config: { type: 'string' },
      'random-ports': { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'dist-dir': { type: 'string' },
      'endpoints-file': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  const endpoint = values.endpoint ?? (process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined)
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    throw new Error(
      `--endpoint ${JSON.stringify(endpoint)} is not a URL (e.g. http://127.0.0.1:8000)`,
    )
  }
  return { ...values, endpoint }
}

const controller = new AbortController()
let stack: LocalStack | undefined
let stopping: { readonly reason: string; readonly at: number } | undefined

async function shutDown(reason: string): Promise<never> {
  say(`\n${reason}: stopping the local stack...`)
  controller.abort()
  try {
    await stack?.stop()
    say('Stopped.')
    process.exit(0)
  } catch (error) {
    console.error(describeError(error))
    process.exit(1)
  }
}

function stopOn(reason: string): void {
  const now = Date.now()
  if (stopping !== undefined) {
    // Ctrl-C reaches this process twice: from the terminal, and from npm,
    // which passes INT and TERM on to its script. Only a second request a
    // moment later gives up on a clean stop.
    if (now - stopping.at > REPEAT_WINDOW_MS) process.exit(130)
    return
  }
  stopping = { reason, at: now }
  // Before the stack is up, aborting makes startLocalStack undo what it started and reject.
  if (stack !== undefined) void shutDown(reason)
  else controller.abort()
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => stopOn(signal))
}

// npm passes INT and TERM on to its script but dies of HUP (a closed
// terminal, `kill -HUP`) and leaves the script running under another parent:
// a changed parent is the sign to stop too.
const parentAtStart = process.ppid
const parentWatch = setInterval(() => {
  if (process.ppid === parentAtStart) return
  clearInterval(parentWatch)
  stopOn('parent process exited')
}, PARENT_POLL_MS).unref()

try {
  stack = await startLocalStack({
    ...(options.endpoint === undefined ? {} : { dynamoDbEndpoint: options.endpoint }),
    ...(options.table === undefined ? {} : { tableName: options.table }),
    ...(options.config === undefined ? {} : { configurationFile: options.config }),
    ...(options['dist-dir'] === undefined ? {} : { distDir: options['dist-dir'] }),
    randomPorts: options['random-ports'],
    demo: !options['no-demo'],
    functionLogs: options.verbose ? 'all' : 'problems',
    cognitoLogs: options.verbose,
    signal: controller.signal,
  })
} catch (error) {
  if (stopping !== undefined) {
    say('Stopped before the local stack was ready.')
    process.exit(0)
  }
  if (error instanceof CliError) for (const line of error.details) console.error(line)
  console.error(`The local stack did not start: ${describeError(error)}`)
  process.exit(1)
}

// Building the bundles started esbuild's service process. Nothing builds
// again, and left running it would outlive this process by a moment after
// Ctrl-C (it ends only when it sees its stdin close).
await stopEsbuild()

if (options['endpoints-file'] !== undefined) {
  await writeFile(options['endpoints-file'], `${JSON.stringify(stack.endpoints, null, 2)}\n`)
}
say(`\n${describeLocalStack(stack.endpoints)}\n${READY_LINE}`)
