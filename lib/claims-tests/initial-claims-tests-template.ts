/** Where `claimsmith init` points editors for the tests file's schema: the copy shipped in the package. */
export const PACKAGE_TESTS_SCHEMA_REFERENCE =
  './node_modules/claimsmith/schema/claimsmith-tests.schema.json'

const BODY = `#
# Claims tests for claimsmith.yaml: run them with
#   claimsmith test claimsmith.yaml claimsmith.tests.yaml
# Each case is a sign-in (and userinfo and introspection calls) run through the functions'
# own handlers over the configuration file: no DynamoDB, no AWS. A case
# without expect gets one from \`claimsmith test … --update\`.
tests:
  - name: tenant owner gets typed tenant claims
    sub: 8f1c0a2e-0000-4000-8000-000000000001 # a user of the configuration file
    client: 6example2spa3client4id
    scopes: [openid, tenant, orders/read] # left out: the client's allowedScopes
    version: 2 # event version: 1, 2 or 3 (default 2)
    attributes: { email: ada@example.com } # Cognito user attributes of the event
    expect:
      idToken: { tenant_id: 42, tenant_role: owner } # exact JSON values: 42, not "42"
      accessToken: { department: sales, tenant_id: 42, employee_id: 100234 }
      userinfo: { tenant_role: owner }
      introspection: { department: sales, employee_id: 100234 } # RFC 7662 members aside
      absent: { idToken: [department], accessToken: [tenant_role] }

  - name: version 1 events carry the ID token's claims as text
    sub: 8f1c0a2e-0000-4000-8000-000000000001
    client: 6example2spa3client4id
    version: 1
    expect:
      idToken: { tenant_id: "42" }

  - name: an inactive user gets no tokens
    sub: 8f1c0a2e-0000-4000-8000-000000000002
    client: 6example2spa3client4id
    expect: { refused: true }

  - name: the back-office service gets its client claims, and nobody's user claims
    client: 7example8m2m9client0id
    triggerSource: TokenGeneration_ClientCredentials
    version: 3
    scopes: [orders/read]
    expect:
      accessToken: { client_service: invoice-exporter, client_tenant_id: 42 }
      absent: { accessToken: [department, tenant_id] }
`

/**
 * The commented claims tests `claimsmith init` writes next to the
 * configuration (`claimsmith.tests.yaml`): cases for the example
 * configuration's users and clients, which pass against it. Its first line
 * points the YAML language server at the tests file's JSON Schema;
 * examples/claimsmith.tests.yaml is the same text.
 *
 * @example
 * await writeFile('claimsmith.tests.yaml', initialClaimsTestsTemplate(), { flag: 'wx' })
 */
export function initialClaimsTestsTemplate(
  options: { readonly schemaReference?: string } = {},
): string {
  const reference = options.schemaReference ?? PACKAGE_TESTS_SCHEMA_REFERENCE
  if (reference === '' || /[\r\n]/.test(reference)) {
    throw new TypeError(
      'initialClaimsTestsTemplate: schemaReference must be a one-line path or URL',
    )
  }
  return `# yaml-language-server: $schema=${reference}\n${BODY}`
}
