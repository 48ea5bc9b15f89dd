import { type Client, unknownClient } from './client.js'
import type { Resources } from './resources.js'

/** Everything but the users: the claim mappings and the clients. */
export interface ClaimsConfiguration extends Resources {
  readonly clients: ReadonlyMap<string, Client>
}

/**
 * The port configuration is loaded through (the DynamoDB adapter, behind a
 * TTL cache, implements it outside the core).
 */
export interface ClaimsConfigurationSource {
  /** The current configuration. Rejects when the source fails or `signal` aborts. */
  load(signal?: AbortSignal): Promise<ClaimsConfiguration>
}

/** The configured client, or a client with the defaults when `clientId` is not configured. */
export function clientFor(configuration: ClaimsConfiguration, clientId: string): Client {
  return configuration.clients.get(clientId) ?? unknownClient(clientId)
}
