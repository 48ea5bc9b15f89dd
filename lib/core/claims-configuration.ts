import { type Client, unknownClient } from './client.js'
import type { Resources } from './resources.js'

/** Everything but the users: the claim mappings and every client, as a file or a test holds them. */
export interface ClaimsConfiguration extends Resources {
  readonly clients: ReadonlyMap<string, Client>
}

/**
 * The port configuration is loaded through (the DynamoDB adapter, behind a
 * TTL cache, implements it outside the core). It has two calls so that what
 * a token costs does not grow with the number of clients: the resources,
 * small and the same for every token, and one client, looked up by id when
 * a token for it is issued. An implementation never loads every client.
 */
export interface ClaimsConfigurationSource {
  /** The resources every token resolves its scopes against. Rejects when the source fails or `signal` aborts. */
  loadResources(signal?: AbortSignal): Promise<Resources>
  /**
   * The configured client with exactly this id, or `undefined` when there is
   * none (callers then use `unknownClient`). Rejects when the source fails or
   * `signal` aborts.
   */
  findClient(clientId: string, signal?: AbortSignal): Promise<Client | undefined>
}

/** What one token needs: the resources and the client it is issued to. */
export interface ClientConfiguration {
  readonly resources: Resources
  readonly client: Client
}

/** The configured client, or a client with the defaults when `clientId` is not configured. */
export function clientFor(configuration: ClaimsConfiguration, clientId: string): Client {
  return configuration.clients.get(clientId) ?? unknownClient(clientId)
}

/**
 * The client `clientId` from the source, or a client with the defaults when
 * it is not configured.
 *
 * @example
 * const client = await loadClient(configurationSource, event.clientId, signal)
 */
export async function loadClient(
  source: ClaimsConfigurationSource,
  clientId: string,
  signal?: AbortSignal,
): Promise<Client> {
  return (await source.findClient(clientId, signal)) ?? unknownClient(clientId)
}

/**
 * The resources and the client `clientId`, read at the same time.
 *
 * @example
 * const { resources, client } = await loadClientConfiguration(configurationSource, event.clientId, signal)
 */
export async function loadClientConfiguration(
  source: ClaimsConfigurationSource,
  clientId: string,
  signal?: AbortSignal,
): Promise<ClientConfiguration> {
  const [resources, client] = await Promise.all([
    source.loadResources(signal),
    loadClient(source, clientId, signal),
  ])
  return { resources, client }
}

/**
 * A source serving a configuration held in memory: for a configuration
 * file (the CLI's explain) and for tests.
 *
 * @example
 * const source = staticConfigurationSource({ identityResources, apiScopes, apiResources, clients: new Map() })
 */
export function staticConfigurationSource(
  configuration: ClaimsConfiguration,
): ClaimsConfigurationSource {
  const resources: Resources = {
    identityResources: configuration.identityResources,
    apiScopes: configuration.apiScopes,
    apiResources: configuration.apiResources,
  }
  return {
    loadResources: async () => resources,
    findClient: async (clientId) => configuration.clients.get(clientId),
  }
}
