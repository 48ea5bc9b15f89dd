import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type {
  ClaimsConfiguration,
  ClaimsConfigurationSource,
} from '../core/claims-configuration.js'
import { CLIENT_DEFAULTS, type Client } from '../core/client.js'
import type { ApiResource, ApiScope, IdentityResource } from '../core/resources.js'
import type { StoredClient } from './configuration-item.js'
import { type InvalidClaimReporter, ignoreInvalidClaim } from './parse-stored-claims.js'
import { readConfigurationItems } from './read-configuration-items.js'
import { requireTableSettings } from './require-table-settings.js'

/** Settings for `DynamoDbConfigurationSource`. */
export interface DynamoDbConfigurationSourceOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Items per Query page. Default: DynamoDB's (up to 1 MB a page). */
  readonly pageSize?: number
  /** Told about each client claim dropped as invalid. Default: nobody. */
  readonly onInvalidClaim?: InvalidClaimReporter
}

function toClient(stored: StoredClient): Client {
  return {
    clientId: stored.clientId,
    ...(stored.allowedScopes === undefined ? {} : { allowedScopes: stored.allowedScopes }),
    claims: stored.claims,
    clientClaimsPrefix: stored.clientClaimsPrefix ?? CLIENT_DEFAULTS.clientClaimsPrefix,
    alwaysSendClientClaims: stored.alwaysSendClientClaims ?? CLIENT_DEFAULTS.alwaysSendClientClaims,
  }
}

/**
 * The `ClaimsConfigurationSource` port on DynamoDB: resources and clients
 * from one paginated Query of the `CONFIG` partition, clients completed with
 * `CLIENT_DEFAULTS`. It reads on every `load`; put a
 * `CachedConfigurationSource` in front of it.
 *
 * @example
 * const source = new CachedConfigurationSource(new DynamoDbConfigurationSource({ client, tableName: 'claims' }))
 * const configuration = await source.load(signal)
 */
export class DynamoDbConfigurationSource implements ClaimsConfigurationSource {
  readonly #client: DynamoDBDocumentClient
  readonly #tableName: string
  readonly #pageSize: number | undefined
  readonly #onInvalidClaim: InvalidClaimReporter

  constructor(options: DynamoDbConfigurationSourceOptions) {
    requireTableSettings('DynamoDbConfigurationSource', options)
    if (
      options.pageSize !== undefined &&
      (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1)
    ) {
      throw new TypeError('DynamoDbConfigurationSource: pageSize must be a positive integer')
    }
    this.#client = options.client
    this.#tableName = options.tableName
    this.#pageSize = options.pageSize
    this.#onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  }

  async load(signal?: AbortSignal): Promise<ClaimsConfiguration> {
    const items = await readConfigurationItems({
      client: this.#client,
      tableName: this.#tableName,
      pageSize: this.#pageSize,
      onInvalidClaim: this.#onInvalidClaim,
      signal,
    })
    const identityResources: IdentityResource[] = []
    const apiScopes: ApiScope[] = []
    const apiResources: ApiResource[] = []
    const clients = new Map<string, Client>()
    for (const item of items) {
      switch (item.kind) {
        case 'identityResource':
          identityResources.push(item.value)
          break
        case 'apiScope':
          apiScopes.push(item.value)
          break
        case 'apiResource':
          apiResources.push(item.value)
          break
        case 'client':
          clients.set(item.value.clientId, toClient(item.value))
          break
      }
    }
    return { identityResources, apiScopes, apiResources, clients }
  }
}
