import * as v from 'valibot'
import { CLIENT_DEFAULTS, ClaimValueTypes } from '../core/index.js'

/** The byte budget a client's claims may add to one token when the file sets none. */
export const DEFAULT_TOKEN_SIZE_BUDGET_BYTES = 2048

/**
 * An OAuth scope token (RFC 6749 section 3.3): printable ASCII without space, `"` or
 * `\`. Scopes travel space-separated, so a name outside this set could never
 * be requested.
 */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/

const scopeName = (description: string) =>
  v.pipe(v.string(), v.nonEmpty(), v.regex(SCOPE_TOKEN), v.description(description))

const claimType = (description: string) =>
  v.pipe(v.string(), v.nonEmpty(), v.description(description), v.examples(['tenant_id', 'role']))

const userClaims = (description: string) =>
  v.pipe(v.array(claimType('A claim type, such as tenant_id.')), v.description(description))

/** One claim: its value is always written as text; `valueType` says how to read it. */
export const ClaimSchema = v.pipe(
  v.strictObject({
    type: claimType('The claim type (the key in the token), such as tenant_id.'),
    value: v.pipe(
      v.string(),
      v.description('The value as text, quoted when it looks like a number or boolean: "42".'),
    ),
    valueType: v.optional(
      v.pipe(
        v.string(),
        v.nonEmpty(),
        v.description(
          'How to read the value; string when left out. integer is integer32. An XML Schema URI (http://www.w3.org/2001/XMLSchema#integer) is also accepted.',
        ),
        v.examples(Object.values(ClaimValueTypes)),
      ),
    ),
  }),
  v.title('Claim'),
  v.description('A claim: { type, value, valueType? }.'),
)

const IdentityResourceSchema = v.pipe(
  v.strictObject({
    name: scopeName('The scope that requests this resource, such as tenant.'),
    userClaims: userClaims('The claim types it puts into the ID token and userinfo.'),
  }),
  v.description(
    'Requested by its scope; feeds the ID token and userinfo. A resource named openid, profile, email, address or phone replaces the standard one.',
  ),
)

const ApiScopeSchema = v.pipe(
  v.strictObject({
    name: scopeName(
      'The scope, spelled as Cognito does for resource-server scopes: <resource-server-identifier>/<scope-name>.',
    ),
    userClaims: userClaims('The claim types it puts into the access token.'),
  }),
  v.description('Requested by its scope; feeds the access token.'),
)

const ApiResourceSchema = v.pipe(
  v.strictObject({
    name: v.pipe(
      v.string(),
      v.nonEmpty(),
      v.description('The resource name, also accepted as a resource indicator.'),
    ),
    scopes: v.pipe(
      v.array(scopeName('An API scope defined under apiScopes.')),
      v.description('The API scopes that request this resource.'),
    ),
    userClaims: userClaims(
      'The claim types it puts into the access token when any of its scopes is requested.',
    ),
  }),
  v.description('Requested when any of its scopes is requested; feeds the access token.'),
)

const ClientSchema = v.pipe(
  v.strictObject({
    clientId: v.pipe(v.string(), v.nonEmpty(), v.description('The Cognito app client id.')),
    allowedScopes: v.optional(
      v.pipe(
        v.array(
          scopeName(
            'A standard scope, a configured identity resource or API scope, or aws.cognito.signin.user.admin.',
          ),
        ),
        v.description(
          'The scopes this client may request, also used when a sign-in carries none. Left out: no restriction.',
        ),
      ),
    ),
    clientClaimsPrefix: v.optional(
      v.pipe(
        v.string(),
        v.description('Put before each client claim type; an empty string removes the prefix.'),
      ),
      CLIENT_DEFAULTS.clientClaimsPrefix,
    ),
    alwaysSendClientClaims: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          'Also send client claims in access tokens issued to users, not only in client-credentials tokens.',
        ),
      ),
      CLIENT_DEFAULTS.alwaysSendClientClaims,
    ),
    alwaysIncludeUserClaimsInIdToken: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          "Put the user's identity-resource claims into the ID token. false: the ID token gets none of them and userinfo serves them, for clients that want small ID tokens.",
        ),
      ),
      CLIENT_DEFAULTS.alwaysIncludeUserClaimsInIdToken,
    ),
    claims: v.optional(
      v.pipe(
        v.array(ClaimSchema),
        v.description('Static claims about the client, emitted into access tokens only.'),
      ),
      () => [],
    ),
  }),
  v.description('A Cognito app client and the claims about it.'),
)

const UserSchema = v.pipe(
  v.strictObject({
    sub: v.pipe(v.string(), v.nonEmpty(), v.description("The user's Cognito sub.")),
    active: v.optional(
      v.pipe(v.boolean(), v.description('Whether the user may obtain tokens.')),
      true,
    ),
    claims: v.pipe(
      v.array(ClaimSchema),
      v.description('The stored claims; several claims of one type become an array.'),
    ),
  }),
  v.description('A user record (development data).'),
)

const SettingsSchema = v.pipe(
  v.strictObject({
    tokenSizeBudgetBytes: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.description(
          "The most bytes a client's claims may add to one access token (the JSON of the claims).",
        ),
      ),
      DEFAULT_TOKEN_SIZE_BUDGET_BYTES,
    ),
  }),
  v.description('Settings for the validator.'),
)

/**
 * The shape of a claimsmith configuration file (docs/claims.md): strict objects, so
 * a misspelt key is an error rather than a setting silently ignored. The rules
 * that span entries (duplicates, undefined scopes, reserved claim types, value
 * parsing, the token budget) are checked after it.
 *
 * @example
 * v.safeParse(ConfigurationFileSchema, { clients: [{ clientId: 'web' }] }).success // true
 */
export const ConfigurationFileSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(
      v.pipe(v.string(), v.description('Where editors find this JSON Schema (JSON files).')),
    ),
    identityResources: v.optional(
      v.pipe(
        v.array(IdentityResourceSchema),
        v.description('Identity resources: scopes that feed the ID token and userinfo.'),
      ),
      () => [],
    ),
    apiScopes: v.optional(
      v.pipe(
        v.array(ApiScopeSchema),
        v.description('API scopes: scopes that feed the access token.'),
      ),
      () => [],
    ),
    apiResources: v.optional(
      v.pipe(
        v.array(ApiResourceSchema),
        v.description('API resources: groups of API scopes with claims of their own.'),
      ),
      () => [],
    ),
    clients: v.optional(
      v.pipe(v.array(ClientSchema), v.description('Cognito app clients.')),
      () => [],
    ),
    users: v.optional(
      v.pipe(
        v.array(UserSchema),
        v.description('User records, usually for development and tests.'),
      ),
      () => [],
    ),
    settings: v.optional(SettingsSchema, () => ({})),
  }),
  v.title('claimsmith configuration'),
  v.description(
    'Claim mappings, clients and users for claimsmith, the claims enrichment for Amazon Cognito.',
  ),
)

/** What the schema yields: defaults applied, before the cross-entry rules. */
export type ConfigurationFileShape = v.InferOutput<typeof ConfigurationFileSchema>
