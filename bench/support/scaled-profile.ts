import type {
  ApiScope,
  Claim,
  ClaimsConfiguration,
  Client,
  IdentityResource,
  Subject,
} from '../../lib/core/index.js'

/** A user with `claimCount` stored claims, and configuration that asks for every one. */
export interface ScaledProfile {
  readonly claims: readonly Claim[]
  readonly subject: Subject
  readonly client: Client
  readonly configuration: ClaimsConfiguration
  /** Three identity resources and two API scopes. */
  readonly scopes: readonly string[]
}

const IDENTITY_SCOPES = ['tenant', 'workplace', 'preferences']
const API_SCOPES = ['orders/read', 'billing/read']

function claimAt(index: number): Claim {
  // Every tenth claim is a second value of the claim before it: multi-valued types.
  const type = `claim_${index % 10 === 9 ? index - 1 : index}`
  switch (index % 4) {
    case 1:
      return { type, value: String(index * 7), valueType: 'integer' }
    case 2:
      return { type, value: index % 3 === 0 ? 'true' : 'false', valueType: 'boolean' }
    default:
      return { type, value: `value-${index}-${'x'.repeat(index % 16)}` }
  }
}

/**
 * A profile of `claimCount` claims (strings, integers, booleans, some
 * multi-valued) spread over five scopes, three feeding the ID token and two
 * the access token, so that every stored claim is requested and the work
 * grows with the number of claims alone.
 *
 * @example
 * const profile = scaledProfile(50)
 */
export function scaledProfile(claimCount: number): ScaledProfile {
  const claims = Array.from({ length: claimCount }, (_, index) => claimAt(index))
  const types = [...new Set(claims.map((claim) => claim.type))]
  const allScopes = [...IDENTITY_SCOPES, ...API_SCOPES]
  const typesOf = (scopeIndex: number) =>
    types.filter((_, typeIndex) => typeIndex % allScopes.length === scopeIndex)
  const identityResources: IdentityResource[] = IDENTITY_SCOPES.map((name, i) => ({
    name,
    userClaims: typesOf(i),
  }))
  const apiScopes: ApiScope[] = API_SCOPES.map((name, i) => ({
    name,
    userClaims: typesOf(IDENTITY_SCOPES.length + i),
  }))
  const client: Client = {
    clientId: 'scaled-client',
    allowedScopes: allScopes,
    claims: [],
    clientClaimsPrefix: 'client_',
    alwaysSendClientClaims: false,
    alwaysIncludeUserClaimsInIdToken: true,
  }
  return {
    claims,
    subject: {
      sub: 'scaled-user',
      claims: [
        { type: 'sub', value: 'scaled-user' },
        { type: 'email', value: 'scaled@example.com' },
        { type: 'email_verified', value: 'true', valueType: 'boolean' },
        { type: 'cognito:username', value: 'scaled' },
      ],
    },
    client,
    configuration: {
      identityResources,
      apiScopes,
      apiResources: [],
      clients: new Map([[client.clientId, client]]),
    },
    scopes: allScopes,
  }
}
