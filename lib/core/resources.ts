/** Requested by its scope; its claims feed the identity token and userinfo. */
export interface IdentityResource {
  readonly name: string
  readonly userClaims: readonly string[]
}

/** Requested by its scope (in Cognito `<resource-server-identifier>/<scope-name>`); its claims feed the access token. */
export interface ApiScope {
  readonly name: string
  readonly userClaims: readonly string[]
}

/** Requested when any of its scopes is requested, or by name as a resource indicator; its claims feed the access token. */
export interface ApiResource {
  readonly name: string
  readonly scopes: readonly string[]
  readonly userClaims: readonly string[]
}

/**
 * The configured claim mappings. Identity resources given here override the
 * built-in standard ones of the same name (see `STANDARD_IDENTITY_RESOURCES`).
 */
export interface Resources {
  readonly identityResources: readonly IdentityResource[]
  readonly apiScopes: readonly ApiScope[]
  readonly apiResources: readonly ApiResource[]
}
