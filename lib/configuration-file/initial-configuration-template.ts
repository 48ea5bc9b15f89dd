/** Where `claimsmith init` points editors for the schema: the copy shipped in the package. */
export const PACKAGE_SCHEMA_REFERENCE = './node_modules/claimsmith/schema/claimsmith.schema.json'

/** Options for {@link initialConfigurationTemplate}. */
export interface InitialConfigurationTemplateOptions {
  /** The path or URL of the JSON Schema, relative to the written file (default: the package's copy). */
  readonly schemaReference?: string
}

const BODY = `#
# claimsmith configuration: which claims go into which Cognito tokens.
# Check it with \`claimsmith validate <file>\`, then \`claimsmith plan\` and
# \`claimsmith apply <file> --table <table>\` to write it to DynamoDB.

# Identity resources are requested by their scope and feed the ID token and
# userinfo. openid, profile, email, address and phone are built in; a resource
# with one of those names replaces the standard one.
identityResources:
  - name: tenant
    userClaims: [tenant_id, tenant_role]

# API scopes are requested by their scope and feed the access token. Cognito
# spells resource-server scopes <resource-server-identifier>/<scope-name>.
apiScopes:
  - name: orders/read
    userClaims: [department]
  - name: orders/write
    userClaims: [department, approval_limit]
  - name: billing/invoices.read
    userClaims: []

# API resources are requested when any of their scopes is; their own
# userClaims go into the access token too.
apiResources:
  - name: orders
    scopes: [orders/read, orders/write]
    userClaims: [tenant_id, employee_id]
  - name: billing
    scopes: [billing/invoices.read]
    userClaims: [tenant_id, billing_admin]

# Clients are Cognito app clients, by app client id.
clients:
  # The web app: a single-page app that signs users in through the hosted UI.
  - clientId: 6example2spa3client4id
    allowedScopes: [openid, profile, email, tenant, orders/read, orders/write]

  # A back-office service (client credentials, no user). Its claims go into
  # its access tokens as client_<type>; alwaysSendClientClaims: true would also
  # put them into tokens issued to users.
  - clientId: 7example8m2m9client0id
    allowedScopes: [orders/read, billing/invoices.read]
    clientClaimsPrefix: client_
    alwaysSendClientClaims: false
    claims:
      - { type: service, value: invoice-exporter }
      - { type: tenant_id, value: "42", valueType: integer }
      - { type: rate_limit_per_minute, value: "600", valueType: integer }

# Users, by Cognito sub: development and test data. Values are always written
# as text; valueType says how to emit them (string when left out).
users:
  - sub: 8f1c0a2e-0000-4000-8000-000000000001
    claims:
      - { type: tenant_id, value: "42", valueType: integer }
      - { type: tenant_role, value: owner }
      - { type: department, value: sales }
      - { type: employee_id, value: "100234", valueType: integer64 }
      - { type: approval_limit, value: "2500.50", valueType: double }
      - { type: billing_admin, value: "true", valueType: boolean }
      # Several claims of one type become an array: "role": ["admin", "editor"].
      - { type: role, value: admin }
      - { type: role, value: editor }
      # Single quotes keep the JSON's double quotes.
      - { type: feature_flags, value: '{"beta":true,"seats":25}', valueType: json }

  - sub: 8f1c0a2e-0000-4000-8000-000000000002
    active: false # deactivated: this user can no longer obtain tokens
    claims:
      - { type: tenant_id, value: "7", valueType: integer }
      - { type: tenant_role, value: member }
      - { type: billing_admin, value: "false", valueType: boolean }

# Settings for \`claimsmith validate\`.
settings:
  # The most bytes a client's claims may add to one access token.
  tokenSizeBudgetBytes: 2048
`

/**
 * A commented example configuration for `claimsmith init`: a multi-tenant SaaS
 * with an identity resource, API scopes and resources, a single-page app and a
 * machine-to-machine client, and development users with typed claims. Its
 * first line points the YAML language server at the JSON Schema, so editors
 * complete and check the file. It validates as it is; examples/claimsmith.yaml
 * is the same text.
 *
 * @example
 * await writeFile('claimsmith.yaml', initialConfigurationTemplate(), { flag: 'wx' })
 */
export function initialConfigurationTemplate(
  options: InitialConfigurationTemplateOptions = {},
): string {
  const reference = options.schemaReference ?? PACKAGE_SCHEMA_REFERENCE
  if (typeof reference !== 'string' || reference === '' || /[\r\n]/.test(reference)) {
    throw new TypeError(
      'initialConfigurationTemplate: schemaReference must be a one-line path or URL',
    )
  }
  return `# yaml-language-server: $schema=${reference}\n${BODY}`
}
