import type { ClaimsmithConfigurationFile } from '../configuration-file/index.js'
import type { ClaimsConfiguration } from '../core/index.js'

/**
 * A configuration file's resources and clients as the core's configuration,
 * the same shape the table's configuration source loads, so a file can be
 * explained before it is applied.
 *
 * @example
 * const { configuration } = await loadConfigurationFile('claimsmith.yaml')
 * await explainClaims({ configuration: configurationFromFile(configuration), clientId: 'm2m', caller: ProfileDataCallers.ClaimsProviderAccessToken })
 */
export function configurationFromFile(file: ClaimsmithConfigurationFile): ClaimsConfiguration {
  return {
    identityResources: file.identityResources,
    apiScopes: file.apiScopes,
    apiResources: file.apiResources,
    clients: new Map(file.clients.map((client) => [client.clientId, client])),
  }
}
