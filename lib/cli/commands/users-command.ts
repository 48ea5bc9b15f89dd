import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import {
  DynamoDbClaimsWriter,
  ItemNotFoundError,
  ItemVersionConflictError,
} from '../../dynamodb/index.js'
import { CliError } from '../cli-error.js'
import type { CommandContext } from '../command-context.js'
import type { CommandDefinition, CommandOption, OptionValues } from '../command-definition.js'
import { JSON_OPTION, TABLE_OPTIONS } from '../common-options.js'
import { describeError } from '../describe-error.js'
import { formatFlowYaml } from '../format-flow-yaml.js'
import { formatTable } from '../format-table.js'
import { openClaimsTable } from '../open-claims-table.js'
import {
  flag,
  positiveIntegerValue,
  requiredString,
  stringValue,
  stringValues,
} from '../parse-command-line.js'
import { formatInvalidClaim } from '../read-claims-table.js'
import { readUser } from '../read-user.js'
import { signOutCognitoUser } from '../sign-out-cognito-user.js'
import { UsageError } from '../usage-error.js'
import { validateUserRecord } from '../validate-user-record.js'
import { usersExportCommand } from './users-export-command.js'
import { usersImportCommand } from './users-import-command.js'

const SUB_OPTION = {
  sub: { type: 'string', placeholder: 'sub', description: "the user's Cognito sub" },
} as const

const NO_POSITIONALS = { min: 0, max: 0, names: '' } as const

const EXPECTED_VERSION_OPTION = {
  'expected-version': {
    type: 'string',
    placeholder: 'n',
    description: 'write only if the user is still at this version (from users get)',
  },
} as const

/**
 * A command that writes one user's record: `--sub`, the command's own
 * options, `--expected-version` and the table options, no positionals.
 */
function userWriteCommand(
  definition: Omit<CommandDefinition, 'options' | 'positionals'> & {
    readonly options?: Readonly<Record<string, CommandOption>>
  },
): CommandDefinition {
  return {
    ...definition,
    options: {
      ...SUB_OPTION,
      ...definition.options,
      ...EXPECTED_VERSION_OPTION,
      ...TABLE_OPTIONS,
    },
    positionals: NO_POSITIONALS,
  }
}

function userTable(context: CommandContext, values: OptionValues, command: string) {
  const table = openClaimsTable(context, values, command)
  const sub = requiredString(values, 'sub', command)
  const expected =
    values['expected-version'] === undefined
      ? undefined
      : positiveIntegerValue(values, 'expected-version', command, 1)
  return {
    ...table,
    sub,
    expectedVersion: expected,
    writer: new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName }),
  }
}

/** Turns the writer's key-level errors into messages about the user. */
async function userWrite<T>(sub: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof ItemNotFoundError) {
      throw new CliError('USER_NOT_FOUND', `user ${sub} does not exist`, { cause: error })
    }
    if (error instanceof ItemVersionConflictError) {
      const what =
        error.expectedVersion === undefined
          ? 'was created by someone else meanwhile'
          : `changed since version ${error.expectedVersion}`
      throw new CliError(
        'USER_CHANGED',
        `user ${sub} ${what}; nothing was written. Read it again with users get and retry.`,
        { cause: error },
      )
    }
    throw error
  }
}

const OPTION_OF: Readonly<Record<string, string>> = {
  type: '--type',
  value: '--value',
  valueType: '--value-type',
}

/** A record problem about `claims[0].value` as one about `--value`. */
function asOption(message: string): string {
  return message.replace(
    /^claims\[\d+\]\.(type|valueType|value)\b/,
    (_, field: string) => OPTION_OF[field] ?? field,
  )
}

const getCommand: CommandDefinition = {
  name: 'users get',
  summary: "print a user's record: active flag, version and claims",
  usage: 'claimsmith users get --sub <sub> --table <name> [--json]',
  description: ['Reads the user strongly consistently. Exits with 1 when the user has no record.'],
  options: { ...SUB_OPTION, ...TABLE_OPTIONS, ...JSON_OPTION },
  positionals: NO_POSITIONALS,
  examples: [
    {
      command: 'claimsmith users get --sub 8f1c0a2e-0000-4000-8000-000000000001 --table claims',
      description: 'prints the user',
    },
  ],
  async run(context, { values }) {
    const { client, tableName, sub } = userTable(context, values, 'users get')
    const { user, invalidClaims } = await readUser(client, tableName, sub)
    for (const report of invalidClaims) context.err(formatInvalidClaim(report))
    if (user === undefined)
      throw new CliError('USER_NOT_FOUND', `user ${sub} has no record in table ${tableName}`)
    if (flag(values, 'json')) {
      context.out(JSON.stringify(user, null, 2))
      return 0
    }
    context.out(`sub: ${user.sub}`)
    context.out(`active: ${user.active}`)
    context.out(`version: ${user.version}`)
    if (user.claims.length === 0) {
      context.out('claims: []')
    } else if (context.interactive) {
      context.out()
      context.stdout.write(
        formatTable(
          ['TYPE', 'VALUE', 'VALUE TYPE'],
          user.claims.map((claim) => [claim.type, claim.value, claim.valueType ?? '']),
        ),
      )
    } else {
      context.out('claims:')
      for (const claim of user.claims) context.out(`  - ${formatFlowYaml(claim)}`)
    }
    return 0
  },
}

const setClaimCommand = userWriteCommand({
  name: 'users set-claim',
  summary: 'give a user exactly these claims of one type (creating the user if needed)',
  usage:
    'claimsmith users set-claim --sub <sub> --type <type> --value <value> [--value <value>…] [--value-type <type>] --table <name>',
  description: [
    'Replaces the user’s claims of the type with the values given, in their place (or at the end); other claims are kept. Several --value options give several claims of the type (an array in tokens). Values are checked as validate checks the file: the type may not be a protocol or reserved claim, and each value must parse as --value-type. A user without a record is created, active. The write is conditional on the version read (or on --expected-version).',
  ],
  options: {
    type: { type: 'string', placeholder: 'type', description: 'the claim type' },
    value: {
      type: 'string',
      multiple: true,
      placeholder: 'value',
      description: 'a value, as text',
    },
    'value-type': {
      type: 'string',
      placeholder: 'type',
      description: 'string (default), integer, integer64, double, boolean or json',
    },
  },
  examples: [
    {
      command:
        'claimsmith users set-claim --sub 8f1c… --type tenant_id --value 42 --value-type integer --table claims',
      description: 'sets tenant_id to the number 42',
    },
    {
      command:
        'claimsmith users set-claim --sub 8f1c… --type role --value admin --value editor --table claims',
      description: 'gives the user two role claims',
    },
  ],
  async run(context, { values }) {
    const { client, tableName, sub, expectedVersion, writer } = userTable(
      context,
      values,
      'users set-claim',
    )
    const type = requiredString(values, 'type', 'users set-claim')
    const texts = stringValues(values, 'value')
    if (texts.length === 0) throw new UsageError('missing --value', 'users set-claim')
    const valueType = stringValue(values, 'value-type')
    const claims = texts.map((value) =>
      valueType === undefined ? { type, value } : { type, value, valueType },
    )
    const checked = validateUserRecord({ sub, claims })
    if (!checked.ok) {
      throw new CliError('CLAIM_INVALID', 'the claim was not written', {
        details: checked.problems.map(
          (problem) => `${asOption(problem.message)} (${problem.hint})`,
        ),
      })
    }
    const { user } = await readUser(client, tableName, sub)
    if (user === undefined && expectedVersion === undefined) {
      await userWrite(sub, () => writer.putUser({ sub, active: true, claims: checked.user.claims }))
      context.out(
        `Created user ${sub} with ${claims.length} ${type} claim${claims.length === 1 ? '' : 's'} (version 1).`,
      )
      return 0
    }
    const expected = expectedVersion ?? user?.version
    const version = await userWrite(sub, () =>
      writer.setUserClaim(
        sub,
        type,
        checked.user.claims,
        expected === undefined ? {} : { expectedVersion: expected },
      ),
    )
    context.out(
      `Set ${claims.length} ${type} claim${claims.length === 1 ? '' : 's'} of user ${sub} (version ${version}).`,
    )
    return 0
  },
})

const removeClaimCommand = userWriteCommand({
  name: 'users remove-claim',
  summary: "remove a user's claims of one type (or only one value)",
  usage: 'claimsmith users remove-claim --sub <sub> --type <type> [--value <value>] --table <name>',
  description: [
    'Removes the claims of the type, or only those with --value. Nothing is written when nothing matches.',
  ],
  options: {
    type: { type: 'string', placeholder: 'type', description: 'the claim type' },
    value: {
      type: 'string',
      placeholder: 'value',
      description: 'remove only the claims with this value',
    },
  },
  examples: [
    {
      command:
        'claimsmith users remove-claim --sub 8f1c… --type role --value editor --table claims',
      description: 'removes the editor role only',
    },
  ],
  async run(context, { values }) {
    const { client, tableName, sub, expectedVersion, writer } = userTable(
      context,
      values,
      'users remove-claim',
    )
    const type = requiredString(values, 'type', 'users remove-claim')
    const value = stringValue(values, 'value')
    const { user } = await readUser(client, tableName, sub)
    if (user === undefined) throw new CliError('USER_NOT_FOUND', `user ${sub} does not exist`)
    const matching = user.claims.filter(
      (claim) => claim.type === type && (value === undefined || claim.value === value),
    )
    if (matching.length === 0 && expectedVersion === undefined) {
      context.out(
        `User ${sub} has no ${type} claim${value === undefined ? '' : ` with value ${JSON.stringify(value)}`}; nothing changed.`,
      )
      return 0
    }
    const version = await userWrite(sub, () =>
      writer.removeUserClaim(sub, type, {
        expectedVersion: expectedVersion ?? user.version,
        ...(value === undefined ? {} : { value }),
      }),
    )
    context.out(
      `Removed ${matching.length} ${type} claim${matching.length === 1 ? '' : 's'} of user ${sub} (version ${version}).`,
    )
    return 0
  },
})

function activeCommand(active: boolean): CommandDefinition {
  const name = active ? 'users activate' : 'users deactivate'
  return userWriteCommand({
    name,
    summary: active ? 'let a user obtain tokens again' : 'stop a user from obtaining tokens',
    usage: `claimsmith ${name} --sub <sub> --table <name>`,
    description: [
      active
        ? 'Sets the user’s active flag to true.'
        : 'Sets the user’s active flag to false: Cognito sign-ins and refreshes fail, userinfo answers 401 and introspection active: false. It also signs the user out (see users sign-out), so the access tokens issued until now stay refused after a later users activate.',
    ],
    examples: [
      {
        command: `claimsmith ${name} --sub 8f1c… --table claims`,
        description: active ? 'activates the user' : 'deactivates the user',
      },
    ],
    async run(context, { values }) {
      const { sub, expectedVersion, writer } = userTable(context, values, name)
      const version = await userWrite(sub, () =>
        writer.setUserActive(sub, active, expectedVersion === undefined ? {} : { expectedVersion }),
      )
      context.out(`User ${sub} is ${active ? 'active' : 'inactive'} (version ${version}).`)
      return 0
    },
  })
}

const signOutCommand = userWriteCommand({
  name: 'users sign-out',
  summary: 'refuse the access tokens a user holds now, everywhere they are checked',
  usage: 'claimsmith users sign-out --sub <sub> --table <name> [--user-pool-id <id>]',
  description: [
    'Sets the user’s tokensValidAfter to now (epoch seconds): userinfo answers 401 invalid_token and introspection active: false for every access token issued at or before it. Resource servers that verify tokens themselves see the sign-out only through introspection.',
    'With --user-pool-id, also signs the user out of Cognito (AdminUserGlobalSignOut, the username looked up by sub with ListUsers), which revokes the user’s refresh tokens. Without it, refresh tokens still work: the app can get new access tokens, which are accepted again.',
  ],
  options: {
    'user-pool-id': {
      type: 'string',
      placeholder: 'id',
      description: 'also sign the user out of this Cognito user pool (revokes refresh tokens)',
    },
    'cognito-endpoint': {
      type: 'string',
      placeholder: 'url',
      description:
        "the Cognito endpoint (default: the SDK's, e.g. $AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER)",
    },
  },
  examples: [
    {
      command:
        'claimsmith users sign-out --sub 8f1c… --table claims --user-pool-id eu-west-1_AbC123',
      description: 'refuses the user’s access tokens and revokes its refresh tokens',
    },
  ],
  async run(context, { values }) {
    const command = 'users sign-out'
    const userPoolId = stringValue(values, 'user-pool-id')
    const cognitoEndpoint = stringValue(values, 'cognito-endpoint')
    if (userPoolId === '') throw new UsageError('--user-pool-id is empty', command)
    if (cognitoEndpoint !== undefined && userPoolId === undefined) {
      throw new UsageError('--cognito-endpoint needs --user-pool-id', command)
    }
    if (cognitoEndpoint !== undefined && !URL.canParse(cognitoEndpoint)) {
      throw new UsageError(
        `--cognito-endpoint ${JSON.stringify(cognitoEndpoint)} is not a URL`,
        command,
      )
    }
    const { sub, expectedVersion, writer } = userTable(context, values, command)
    const { version, tokensValidAfter } = await userWrite(sub, () =>
      writer.signOutUser(sub, expectedVersion === undefined ? {} : { expectedVersion }),
    )
    const at = new Date(tokensValidAfter * 1000).toISOString()
    context.out(
      `User ${sub} is signed out as of ${at} (tokensValidAfter ${tokensValidAfter}, version ${version}): userinfo and introspection refuse the access tokens issued until then.`,
    )
    if (userPoolId === undefined) {
      context.out(
        'Refresh tokens still work: the app can get new access tokens. Pass --user-pool-id to revoke them in Cognito too.',
      )
      return 0
    }
    const region = stringValue(values, 'region')
    const client = new CognitoIdentityProviderClient({
      ...(region === undefined ? {} : { region }),
      ...(cognitoEndpoint === undefined ? {} : { endpoint: cognitoEndpoint }),
    })
    try {
      const username = await signOutCognitoUser({ client, userPoolId, sub }).catch(
        (error: unknown) => {
          if (error instanceof CliError) throw error
          throw new CliError(
            'COGNITO_SIGN_OUT_FAILED',
            `the table sign-out is written, but Cognito did not sign the user out: ${describeError(error)}; run the command again`,
            { cause: error },
          )
        },
      )
      context.out(
        `Cognito signed out ${username} in ${userPoolId} (AdminUserGlobalSignOut): its refresh tokens no longer work.`,
      )
    } finally {
      client.destroy()
    }
    return 0
  },
})

/** The `users` subcommands, in help order. */
export const USERS_SUBCOMMANDS: readonly CommandDefinition[] = [
  getCommand,
  setClaimCommand,
  removeClaimCommand,
  activeCommand(true),
  activeCommand(false),
  signOutCommand,
  usersImportCommand,
  usersExportCommand,
]
