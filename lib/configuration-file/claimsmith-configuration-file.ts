import type { ApiResource, ApiScope, Client, IdentityResource, StoredUser } from '../core/index.js'

/** Settings for the validator, with their defaults applied. */
export interface ConfigurationSettings {
  /** The most bytes a client's claims may add to one access token (default 2048). */
  readonly tokenSizeBudgetBytes: number
}

/**
 * A validated configuration file as the core's own types, so it can be
 * compared item by item with what the DynamoDB store holds. Clients have
 * `CLIENT_DEFAULTS` applied where the file leaves a setting out, users are
 * active unless the file says otherwise, and sections the file leaves out are
 * empty.
 *
 * @example
 * const result = parseConfigurationFile(text, 'claimsmith.yaml')
 * if (result.ok) result.configuration.clients[0]?.clientClaimsPrefix // 'client_'
 */
export interface ClaimsmithConfigurationFile {
  readonly identityResources: readonly IdentityResource[]
  readonly apiScopes: readonly ApiScope[]
  readonly apiResources: readonly ApiResource[]
  readonly clients: readonly Client[]
  readonly users: readonly StoredUser[]
  readonly settings: ConfigurationSettings
}
