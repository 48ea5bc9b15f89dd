import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DynamoDbClientOptions } from '../dynamodb/index.js'

/** Where the CLI writes: `process.stdout`, `process.stderr`, or a test's capture. */
export interface CliOutputStream {
  write(chunk: string): unknown
  readonly isTTY?: boolean | undefined
  /** The terminal's width, when it is one. */
  readonly columns?: number | undefined
}

/** Where the CLI reads answers and `-` files from: `process.stdin`, or a test's stream. */
export interface CliInputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean | undefined
}

/**
 * What `main` talks to. `process` fits it as it is; tests pass captured
 * streams, an environment of their own and, to count requests, a client
 * factory.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), process)
 */
export interface CliIo {
  readonly stdout: CliOutputStream
  readonly stderr: CliOutputStream
  readonly stdin?: CliInputStream | undefined
  /** `CLAIMS_TABLE`, `CI`, `NO_COLOR`. Default: none. The AWS SDK reads `process.env` itself. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  /** Relative paths resolve against it. Default: `process.cwd`. */
  readonly cwd?: (() => string) | undefined
  /** Makes the DynamoDB client a command uses. Default: `createDynamoDbClient` with CLI timeouts. */
  readonly createDynamoDbClient?:
    | ((options: DynamoDbClientOptions) => DynamoDBDocumentClient)
    | undefined
}
