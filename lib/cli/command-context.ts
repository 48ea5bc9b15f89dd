import { resolve } from 'node:path'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { createDynamoDbClient, type DynamoDbClientOptions } from '../dynamodb/index.js'
import type { CliInputStream, CliIo, CliOutputStream } from './cli-io.js'
import { type TerminalStyle, terminalStyle } from './terminal-style.js'

/**
 * DynamoDB client settings for an administrative command, not a Cognito
 * trigger: a Scan page or a batch write may take seconds, and the SDK's
 * retries with back-off ride out throttling.
 */
export const CLI_DYNAMODB_CLIENT_SETTINGS = Object.freeze({
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxAttempts: 5,
})

function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
}

/**
 * What a command runs with: the streams, the environment, whether a person is
 * watching (a terminal, not CI) and the DynamoDB clients it opened, which
 * `main` destroys when the command ends.
 */
export class CommandContext {
  readonly stdout: CliOutputStream
  readonly stderr: CliOutputStream
  readonly stdin: CliInputStream | undefined
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** stdout is a terminal and CI is not set: tables and colours, not plain lines. */
  readonly interactive: boolean
  /** stderr is a terminal and CI is not set: a progress bar, not progress lines. */
  readonly interactiveProgress: boolean
  /** Styles for stdout. */
  readonly style: TerminalStyle
  readonly #createClient: (options: DynamoDbClientOptions) => DynamoDBDocumentClient
  readonly #clients: DynamoDBDocumentClient[] = []

  constructor(io: CliIo) {
    this.stdout = io.stdout
    this.stderr = io.stderr
    this.stdin = io.stdin
    this.env = io.env ?? {}
    this.cwd = (io.cwd ?? process.cwd)()
    const ci = isCi(this.env)
    this.interactive = io.stdout.isTTY === true && !ci
    this.interactiveProgress = io.stderr.isTTY === true && !ci
    this.style = terminalStyle(this.interactive && (this.env.NO_COLOR ?? '') === '')
    this.#createClient =
      io.createDynamoDbClient ??
      ((options) => createDynamoDbClient({ ...CLI_DYNAMODB_CLIENT_SETTINGS, ...options }))
  }

  /** Writes a line to stdout. */
  out(text = ''): void {
    this.stdout.write(`${text}\n`)
  }

  /** Writes a line to stderr. */
  err(text = ''): void {
    this.stderr.write(`${text}\n`)
  }

  /** A path the user typed, made absolute against the working directory. */
  resolvePath(path: string): string {
    return resolve(this.cwd, path)
  }

  /** A DynamoDB client for this command; destroyed by `close`. */
  dynamoDbClient(options: DynamoDbClientOptions): DynamoDBDocumentClient {
    const client = this.#createClient(options)
    this.#clients.push(client)
    return client
  }

  /** Releases the clients' sockets so the process can exit. */
  close(): void {
    for (const client of this.#clients.splice(0)) client.destroy()
  }
}
