import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DynamoDbClientOptions } from '../dynamodb/index.js'
import type { CommandContext } from './command-context.js'
import type { OptionValues } from './command-definition.js'
import { stringValue } from './parse-command-line.js'
import { UsageError } from './usage-error.js'

/** The table a command works on and a client for it. */
export interface ClaimsTable {
  readonly tableName: string
  readonly client: DynamoDBDocumentClient
}

/**
 * The table from `--table` (else `CLAIMS_TABLE`), and a client for the
 * region and endpoint of `--region` and `--endpoint`; what they leave out
 * comes from the SDK's own configuration (AWS_REGION,
 * AWS_ENDPOINT_URL_DYNAMODB, the profile).
 *
 * @example
 * const { client, tableName } = openClaimsTable(context, values, 'plan')
 */
export function openClaimsTable(
  context: CommandContext,
  values: OptionValues,
  command: string,
): ClaimsTable {
  const tableName = stringValue(values, 'table') ?? context.env.CLAIMS_TABLE ?? ''
  if (tableName === '') throw new UsageError('missing --table (or set CLAIMS_TABLE)', command)
  const region = stringValue(values, 'region')
  const endpoint = stringValue(values, 'endpoint')
  if (region === '') throw new UsageError('--region is empty', command)
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    throw new UsageError(
      `--endpoint ${JSON.stringify(endpoint)} is not a URL (write it as http://localhost:8000)`,
      command,
    )
  }
  const options: DynamoDbClientOptions = {
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
  }
  return { tableName, client: context.dynamoDbClient(options) }
}
