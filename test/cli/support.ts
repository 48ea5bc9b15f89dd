import type { PassThrough } from 'node:stream'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { CLI_DYNAMODB_CLIENT_SETTINGS, main } from '../../lib/cli/index.js'
import type { DynamoDbClientOptions } from '../../lib/dynamodb/index.js'
import { LOCAL_REGION } from '../../lib/local/local-aws.js'
import type { TestTable } from '../support/dynamodb.js'

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** A stream that keeps what is written, as a terminal or as a pipe. */
export class CapturedOutput {
  text = ''
  readonly isTTY: boolean
  readonly columns = 200

  constructor(isTTY = false) {
    this.isTTY = isTTY
  }

  write(chunk: string): boolean {
    this.text += chunk
    return true
  }
}

/** Options for `runCli`. */
export interface RunCliOptions {
  /** The table `--table`, `--endpoint` and `--region` point at, and whose clients the CLI gets. */
  readonly table?: TestTable
  readonly env?: Record<string, string | undefined>
  readonly cwd?: string
  /** stdout and stderr are terminals. */
  readonly tty?: boolean
  /** A terminal stdin (with `tty`); write answers into it. */
  readonly stdin?: PassThrough
  /** Told about each client the CLI makes (to count its requests). */
  readonly onClient?: (client: DynamoDBDocumentClient) => void
  readonly stdout?: CapturedOutput
  readonly stderr?: CapturedOutput
}

/** The options that point a command at a test table. */
export function tableArgs(table: TestTable): string[] {
  return ['--table', table.tableName, '--endpoint', table.endpoint, '--region', LOCAL_REGION]
}

/**
 * Runs the CLI in process with captured output. With `table`, the CLI's
 * clients are the test table's (local credentials, CLI timeouts).
 */
export async function runCli(
  args: readonly string[],
  options: RunCliOptions = {},
): Promise<CliRun> {
  const stdout = options.stdout ?? new CapturedOutput(options.tty)
  const stderr = options.stderr ?? new CapturedOutput(options.tty)
  const { table, onClient } = options
  const stdin = options.stdin
  if (stdin !== undefined) Object.assign(stdin, { isTTY: options.tty === true })
  const code = await main(args, {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    cwd: () => options.cwd ?? process.cwd(),
    ...(table === undefined
      ? {}
      : {
          createDynamoDbClient: (clientOptions: DynamoDbClientOptions) => {
            const client = table.newClient({ ...CLI_DYNAMODB_CLIENT_SETTINGS, ...clientOptions })
            onClient?.(client)
            return client
          },
        }),
  })
  return { code, stdout: stdout.text, stderr: stderr.text }
}

/** A configuration file with every kind of item, users included. */
export const CONFIGURATION_YAML = `identityResources:
  - name: tenant
    userClaims: [tenant_id, tenant_role]
apiScopes:
  - name: orders/read
    userClaims: [department]
  - name: orders/write
    userClaims: [department, approval_limit]
apiResources:
  - name: orders
    scopes: [orders/read, orders/write]
    userClaims: [employee_id]
clients:
  - clientId: web
    allowedScopes: [openid, profile, tenant, orders/read]
  - clientId: m2m
    clientClaimsPrefix: svc_
    alwaysSendClientClaims: true
    claims:
      - { type: tier, value: "3", valueType: integer }
users:
  - sub: user-1
    claims:
      - { type: tenant_id, value: "42", valueType: integer }
      - { type: role, value: admin }
      - { type: role, value: editor }
  - sub: user-2
    active: false
    claims: []
`

/** The same configuration without the users key: users are not managed. */
export const CONFIGURATION_WITHOUT_USERS_YAML = CONFIGURATION_YAML.slice(
  0,
  CONFIGURATION_YAML.indexOf('users:'),
)
