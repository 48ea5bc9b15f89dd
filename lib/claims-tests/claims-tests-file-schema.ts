import * as v from 'valibot'
import {
  CLIENT_CREDENTIALS_TRIGGER_SOURCE,
  type PreTokenGenerationTriggerSource,
  USER_TOKEN_TRIGGER_SOURCES,
} from '../cognito/trigger-sources.js'
import { ClaimSchema } from '../configuration-file/configuration-file-schema.js'

/** The trigger sources a case may name: a user's sign-in or refresh, or client credentials. */
export const CLAIMS_TEST_TRIGGER_SOURCES: readonly PreTokenGenerationTriggerSource[] =
  Object.freeze([...USER_TOKEN_TRIGGER_SOURCES, CLIENT_CREDENTIALS_TRIGGER_SOURCE])

const claimValues = (description: string) =>
  v.optional(
    v.pipe(v.record(v.pipe(v.string(), v.nonEmpty()), v.unknown()), v.description(description)),
  )

const claimTypes = (description: string) =>
  v.optional(v.pipe(v.array(v.pipe(v.string(), v.nonEmpty())), v.description(description)))

const ExpectSchema = v.pipe(
  v.strictObject({
    idToken: claimValues(
      'Claims the ID token must carry, with these exact JSON values (42 is not "42").',
    ),
    accessToken: claimValues('Claims the access token must carry, with these exact JSON values.'),
    userinfo: claimValues('Claims the userinfo answer must carry, with these exact JSON values.'),
    introspection: claimValues(
      'Claims the introspection answer for an access token of the case must carry (its RFC 7662 members, such as active and exp, aside), with these exact JSON values.',
    ),
    absent: v.optional(
      v.pipe(
        v.strictObject({
          idToken: claimTypes('Claim types the ID token must not carry.'),
          accessToken: claimTypes('Claim types the access token must not carry.'),
          userinfo: claimTypes('Claim types the userinfo answer must not carry.'),
          introspection: claimTypes('Claim types the introspection answer must not carry.'),
        }),
        v.description('Claim types that must not appear, per token.'),
      ),
    ),
    exact: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          'The tokens named above carry exactly these claims: any other claim the trigger adds fails the case.',
        ),
      ),
    ),
    refused: v.optional(
      v.pipe(
        v.boolean(),
        v.description(
          'true: the sign-in is refused (userinfo answers with an error, introspection with active: false); false: it is not.',
        ),
      ),
    ),
  }),
  v.description('What the case expects; every key is optional.'),
)

const CaseUserSchema = v.pipe(
  v.strictObject({
    active: v.optional(v.pipe(v.boolean(), v.description('Whether the user may obtain tokens.'))),
    claims: v.pipe(v.array(ClaimSchema), v.description('The stored claims of the user.')),
  }),
  v.description("The user's stored record for this case, instead of the configuration's users."),
)

const CaseSchema = v.pipe(
  v.strictObject({
    name: v.pipe(
      v.string(),
      v.nonEmpty(),
      v.description('What the case shows; printed when it fails.'),
    ),
    sub: v.optional(
      v.pipe(
        v.string(),
        v.nonEmpty(),
        v.description(
          "The user's Cognito sub; the configuration's users (or the table's) hold the record. Left out only for client credentials.",
        ),
      ),
    ),
    client: v.pipe(v.string(), v.nonEmpty(), v.description('The Cognito app client id.')),
    scopes: v.optional(
      v.pipe(
        v.array(v.pipe(v.string(), v.nonEmpty())),
        v.description("The requested scopes. Left out: the client's allowedScopes."),
      ),
    ),
    version: v.optional(
      v.pipe(
        v.picklist([1, 2, 3]),
        v.description('The pre-token-generation event version: 1, 2 or 3 (default 2).'),
      ),
    ),
    triggerSource: v.optional(
      v.pipe(
        v.picklist(CLAIMS_TEST_TRIGGER_SOURCES),
        v.description(
          'The trigger source (default TokenGeneration_HostedAuth). TokenGeneration_ClientCredentials takes no sub and version 3.',
        ),
      ),
    ),
    attributes: v.optional(
      v.pipe(
        v.record(v.pipe(v.string(), v.nonEmpty()), v.string()),
        v.description('Cognito user attributes of the event, as text.'),
      ),
    ),
    user: v.optional(CaseUserSchema),
    expect: v.optional(ExpectSchema),
  }),
  v.description('One case: a request and what its tokens must carry.'),
)

/**
 * The shape of a claims tests file (docs/cli.md, `claimsmith test`): strict
 * objects, so a misspelt key is an error rather than an expectation silently
 * skipped. The rules across keys (a sub unless client credentials, version 1
 * shapes the ID token only) are checked after it.
 *
 * @example
 * v.safeParse(ClaimsTestsFileSchema, { tests: [{ name: 'm2m', client: 'c', triggerSource: 'TokenGeneration_ClientCredentials', version: 3 }] }).success // true
 */
export const ClaimsTestsFileSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(
      v.pipe(v.string(), v.description('Where editors find this JSON Schema (JSON files).')),
    ),
    tests: v.pipe(v.array(CaseSchema), v.description('The cases, run in order.')),
  }),
  v.title('claimsmith claims tests'),
  v.description(
    'Cases for `claimsmith test`: requests to run through the claims pipeline, and the claims their tokens must carry.',
  ),
)

/** What the schema yields for a tests file. */
export type ClaimsTestsFileShape = v.InferOutput<typeof ClaimsTestsFileSchema>
