import type { LocalStackEndpoints } from './start-local-stack.js'

/** Rows of cells, every column but the last padded to its widest cell. */
function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  }
  return rows.map((row) =>
    (
      indent +
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')
    ).trimEnd(),
  )
}

function userinfoCommands(e: LocalStackEndpoints): string[] {
  if (e.accessToken === undefined) {
    return [
      '  # userinfo with an access token (one with the openid scope; see the README)',
      `  curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${e.userinfo}`,
      '',
    ]
  }
  const { token, scope, expiresAt, user, clientId } = e.accessToken
  return [
    `  # userinfo with ${user}'s access token as managed login would issue it to ${clientId}`,
    `  # (scope "${scope}", valid until ${expiresAt}; made as the README's "Local stack" says;`,
    "  # the sign-in's own access token lacks openid and gets 403 insufficient_scope)",
    `  ACCESS_TOKEN=${token}`,
    `  curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${e.userinfo}`,
    '',
  ]
}

function introspectionCommands(e: LocalStackEndpoints): string[] {
  const user = e.users.find((each) => each.active) ?? e.users[0]
  const signOut = [
    '  # sign the user out in the table: the same introspection then answers {"active":false}',
    `  npx claimsmith users sign-out --sub ${user?.sub ?? '<sub>'} --table ${e.tableName} --endpoint ${e.dynamoDb}`,
    '',
  ]
  const curl = [
    `  curl -s -X POST -H "Authorization: Bearer $RESOURCE_SERVER_TOKEN" \\`,
    `    --data-urlencode "token=$ACCESS_TOKEN" ${e.introspection}`,
  ]
  if (e.introspectionCaller === undefined) {
    return [
      '  # introspection, as a resource server: its own access token carries claimsmith/introspect',
      ...curl,
      '',
      ...signOut,
    ]
  }
  const { token, scope, expiresAt, clientId } = e.introspectionCaller
  return [
    `  # introspection of ACCESS_TOKEN by the resource server ${clientId}, with its own access token`,
    `  # (scope "${scope}", valid until ${expiresAt}; made as ACCESS_TOKEN was):`,
    '  # active: true and the claims of the API resources both tokens name',
    `  RESOURCE_SERVER_TOKEN=${token}`,
    ...curl,
    '',
    ...signOut,
  ]
}

/**
 * What the running local stack serves and how to use it, for the console:
 * the endpoints, the app clients and users, and commands to try (AWS CLI
 * with `--endpoint-url`, the claimsmith CLI, curl).
 *
 * @example
 * console.log(describeLocalStack(stack.endpoints))
 */
export function describeLocalStack(endpoints: LocalStackEndpoints): string {
  const e = endpoints
  const webClient = e.clients[0]?.clientId ?? '<client id>'
  const user = e.users.find((each) => each.active) ?? e.users[0]
  const userName = user?.email ?? 'user1@example.com'
  const lines = [
    'claimsmith local stack: everything on loopback, no AWS account',
    '',
    ...table([
      [
        e.dynamoDbIsEmbedded ? 'DynamoDB (dynalite)' : 'DynamoDB',
        `${e.dynamoDb}  table ${e.tableName}`,
      ],
      ['Cognito (cognito-local)', `${e.cognito}  user pool ${e.userPoolId}`],
      ['  issuer', e.issuer],
      ['  JWKS', e.jwksUrl],
      ['Lambda Invoke API', `${e.lambda}  ${e.functions.join(', ')}`],
      ['userinfo', `${e.userinfo}  GET or POST with a Bearer access token`],
      ['introspection', `${e.introspection}  POST token=…, with a resource server's Bearer token`],
    ]),
    '',
    `App clients (${e.configurationFile} id -> cognito-local app client id):`,
    ...table(e.clients.map((each) => [each.name, '->', each.clientId])),
    '',
    `Users (password ${e.password}):`,
    ...table(
      e.users.map((each) => [each.email, `sub ${each.sub}`, each.active ? 'active' : 'inactive']),
    ),
    '',
    'Try it (any credentials do; these keep the AWS CLI from looking for real ones):',
    `  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=${e.region} AWS_DEFAULT_REGION=${e.region}`,
    '',
    '  # sign in: the ID token carries the claims pre-token-generation added',
    `  aws cognito-idp initiate-auth --endpoint-url ${e.cognito} --client-id ${webClient} \\`,
    `    --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=${userName},PASSWORD=${e.password}`,
    '',
    ...userinfoCommands(e),
    ...introspectionCommands(e),
    '  # invoke a function directly with an event shaped as Cognito sends it',
    ...e.sampleEvents.flatMap((each) => [
      `  #   ${each.description}`,
      `  aws lambda invoke --endpoint-url ${e.lambda} --function-name ${each.functionName} \\`,
      `    --payload fileb://${each.path} /dev/stdout`,
    ]),
    '',
    '  # the configuration as applied (the file with these app client ids): plan says "No changes"',
    `  npx claimsmith plan ${e.appliedConfigurationFile} --table ${e.tableName} --endpoint ${e.dynamoDb}`,
    '',
    '  # the claims table, raw',
    `  aws dynamodb scan --endpoint-url ${e.dynamoDb} --table-name ${e.tableName}`,
    '',
    "  # change a user's claims with the claimsmith CLI; the next sign-in or refresh shows it",
    `  npx claimsmith users set-claim --sub ${user?.sub ?? '<sub>'} --type tenant_role --value admin \\`,
    `    --table ${e.tableName} --endpoint ${e.dynamoDb}`,
    `  npx claimsmith users get --sub ${user?.sub ?? '<sub>'} --table ${e.tableName} --endpoint ${e.dynamoDb}`,
    '',
    'Press Ctrl-C to stop.',
  ]
  return lines.join('\n')
}
