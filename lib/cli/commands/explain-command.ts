import {
  type Claim,
  type ClaimsConfiguration,
  ProfileDataCallers,
  type StoredUser,
} from '../../core/index.js'
import { DynamoDbConfigurationSource, type InvalidStoredClaim } from '../../dynamodb/index.js'
import type { CommandDefinition } from '../command-definition.js'
import { JSON_OPTION, TABLE_OPTIONS } from '../common-options.js'
import { configurationFromFile } from '../configuration-from-file.js'
import { type ExplainedCaller, explainClaims, INTROSPECTION_CALLER } from '../explain-claims.js'
import { formatExplanation } from '../format-explanation.js'
import { loadConfigurationFile } from '../load-configuration-file.js'
import { openClaimsTable } from '../open-claims-table.js'
import { flag, requiredString, stringValue, stringValues } from '../parse-command-line.js'
import { readUser } from '../read-user.js'
import { UsageError } from '../usage-error.js'

const COMMAND = 'explain'

const CALLERS: Readonly<Record<string, ExplainedCaller>> = {
  id: ProfileDataCallers.ClaimsProviderIdentityToken,
  access: ProfileDataCallers.ClaimsProviderAccessToken,
  userinfo: ProfileDataCallers.UserInfoEndpoint,
  introspection: INTROSPECTION_CALLER,
}

function subjectClaim(text: string): Claim {
  const at = text.indexOf('=')
  if (at <= 0) {
    throw new UsageError(`--subject-claim ${JSON.stringify(text)} must be type=value`, COMMAND)
  }
  return { type: text.slice(0, at), value: text.slice(at + 1) }
}

/** `claimsmith explain`: which claims a request gets, and why. */
export const explainCommand: CommandDefinition = {
  name: COMMAND,
  summary:
    'show the claims a token, userinfo or introspection would carry, and why each claim is in or out',
  usage:
    'claimsmith explain --client <id> [--sub <sub>] [--scopes "<scope> …"] [--caller id|access|userinfo|introspection] [--event-version 1|2|3] [--json] (--table <name> | --file <file>)',
  description: [
    'Loads the configuration and the user from the table (or, with --file, from a configuration file and its users) and runs the claims pipeline the Cognito trigger and the userinfo endpoint run, on the same request: the scopes are matched against the client’s allowedScopes and the resources, the default profile service issues the requested claims, and they are typed and shaped as the token carries them. Then every claim considered (the user’s stored claims, the --subject-claim attributes, the client’s claims) is listed with why it was emitted or dropped: not requested (and what would request it), a protocol or reserved claim type, a value that does not parse, a duplicate, a stored claim winning over a user attribute, the client claim rules, the client keeping user claims out of the ID token (alwaysIncludeUserClaimsInIdToken: false), or the ID token’s own rules.',
    'With --caller introspection it shows what the introspection endpoint would answer for an access token of the client with those scopes: the API-resource claims the answer carries, through the same code the endpoint runs, for a caller whose scopes name every API resource; the RFC 7662 members (active, scope, exp, …) come from the token itself and are listed in a note.',
    'Without --sub the request is the client-credentials flow (no user, access token or introspection only). Without --scopes the client’s allowedScopes apply, as for sign-ins that carry no scopes. A table on a terminal, plain lines otherwise, JSON with --json.',
  ],
  options: {
    client: { type: 'string', placeholder: 'id', description: 'the Cognito app client id' },
    sub: {
      type: 'string',
      placeholder: 'sub',
      description: "the user's sub (leave out for client credentials)",
    },
    scopes: {
      type: 'string',
      placeholder: 'scopes',
      description: 'the requested scopes, separated by spaces',
    },
    caller: {
      type: 'string',
      placeholder: 'id|access|userinfo|introspection',
      description:
        'the ID token (default), the access token, the userinfo answer or the introspection answer',
    },
    'event-version': {
      type: 'string',
      placeholder: '1|2|3',
      description: 'the pre-token-generation event version whose token rules apply (default 2)',
    },
    'subject-claim': {
      type: 'string',
      multiple: true,
      placeholder: 'type=value',
      description: 'a Cognito user attribute of the subject',
    },
    file: {
      type: 'string',
      placeholder: 'file',
      description: 'take configuration and users from this file instead of the table',
    },
    ...TABLE_OPTIONS,
    ...JSON_OPTION,
  },
  positionals: { min: 0, max: 0, names: '' },
  examples: [
    {
      command:
        'claimsmith explain --table claims --sub 8f1c0a2e-0000-4000-8000-000000000001 --client 6example2spa3client4id --scopes "openid profile tenant"',
      description: 'the ID token claims of a user signing in to the web app',
    },
    {
      command:
        'claimsmith explain --file claimsmith.yaml --client 7example8m2m9client0id --caller access --json',
      description:
        'the access token of a machine-to-machine client, as JSON, before applying the file',
    },
  ],
  async run(context, { values }) {
    const clientId = requiredString(values, 'client', COMMAND)
    const sub = stringValue(values, 'sub')
    const callerName = stringValue(values, 'caller') ?? 'id'
    const caller = CALLERS[callerName]
    if (caller === undefined) {
      throw new UsageError(
        `--caller must be id, access, userinfo or introspection, not ${JSON.stringify(callerName)}`,
        COMMAND,
      )
    }
    if (
      sub === undefined &&
      caller !== ProfileDataCallers.ClaimsProviderAccessToken &&
      caller !== INTROSPECTION_CALLER
    ) {
      throw new UsageError(
        'missing --sub: without a user (client credentials) only access tokens are issued; pass --caller access or introspection',
        COMMAND,
      )
    }
    const version = stringValue(values, 'event-version') ?? '2'
    if (version !== '1' && version !== '2' && version !== '3') {
      throw new UsageError(
        `--event-version must be 1, 2 or 3, not ${JSON.stringify(version)}`,
        COMMAND,
      )
    }
    if (version === '1' && caller === ProfileDataCallers.ClaimsProviderAccessToken) {
      throw new UsageError(
        '--event-version 1 shapes the ID token only: pass --caller id or userinfo',
        COMMAND,
      )
    }
    const scopesText = stringValue(values, 'scopes')
    const scopes =
      scopesText === undefined ? undefined : scopesText.split(/[\s,]+/).filter((s) => s !== '')
    const subjectClaims = stringValues(values, 'subject-claim').map(subjectClaim)
    const fileName = stringValue(values, 'file')

    let configuration: ClaimsConfiguration
    let user: StoredUser | undefined
    let unreadableClaims: readonly InvalidStoredClaim[] = []
    if (fileName !== undefined) {
      const loaded = await loadConfigurationFile(context.resolvePath(fileName), fileName)
      configuration = configurationFromFile(loaded.configuration)
      user = sub === undefined ? undefined : loaded.configuration.users.find((u) => u.sub === sub)
    } else {
      const { client, tableName } = openClaimsTable(context, values, COMMAND)
      // The resources and this one client: what the functions read for a token.
      const source = new DynamoDbConfigurationSource({ client, tableName })
      const [resources, configured] = await Promise.all([
        source.loadResources(),
        source.findClient(clientId),
      ])
      configuration = {
        ...resources,
        clients: new Map(configured === undefined ? [] : [[clientId, configured]]),
      }
      if (sub !== undefined) {
        const read = await readUser(client, tableName, sub)
        user =
          read.user === undefined
            ? undefined
            : { sub: read.user.sub, active: read.user.active, claims: read.user.claims }
        unreadableClaims = read.invalidClaims
      }
    }
    const explanation = await explainClaims({
      configuration,
      sub,
      user,
      subjectClaims,
      clientId,
      scopes,
      caller,
      version,
      unreadableClaims,
    })
    if (flag(values, 'json')) {
      context.out(JSON.stringify(explanation, null, 2))
      return 0
    }
    context.stdout.write(
      formatExplanation(explanation, {
        table: context.interactive,
        style: context.style,
        width: context.stdout.columns,
      }),
    )
    return 0
  },
}
