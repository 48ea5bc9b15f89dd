import type { CommandOption } from './command-definition.js'

/** Options every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, CommandOption>> = Object.freeze({
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  debug: { type: 'boolean', description: 'print stack traces of unexpected errors' },
})

/** Options of every command that reads or writes the claims table. */
export const TABLE_OPTIONS: Readonly<Record<string, CommandOption>> = Object.freeze({
  table: {
    type: 'string',
    placeholder: 'name',
    description: 'the claims table (default: $CLAIMS_TABLE)',
  },
  region: {
    type: 'string',
    placeholder: 'region',
    description: "the AWS region (default: the SDK's, e.g. $AWS_REGION or the profile's)",
  },
  endpoint: {
    type: 'string',
    placeholder: 'url',
    description:
      "the DynamoDB endpoint, e.g. http://localhost:8000 (default: the SDK's, e.g. $AWS_ENDPOINT_URL_DYNAMODB)",
  },
})

/** The `--json` switch of commands that can print JSON for scripts. */
export const JSON_OPTION: Readonly<Record<string, CommandOption>> = Object.freeze({
  json: { type: 'boolean', description: 'print JSON instead of text' },
})
