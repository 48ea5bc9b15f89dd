import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { ClaimsConfigurationSource } from '../core/claims-configuration.js'
import { CLIENT_DEFAULTS, type Client } from '../core/client.js'
import type { ApiResource, ApiScope, IdentityResource, Resources } from '../core/resources.js'
import type { StoredClient } from './configuration-item.js'
import { type DynamoDbItemReader, ownOrSharedReader } from './dynamodb-item-reader.js'
import { configurationItemKey, type ItemKey, legacyClientKey } from './item-keys.js'
import { parseClientItem } from './parse-configuration-item.js'
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
  /**
   * Told, with their ids, when loading the resources met clients still kept
   * in `CONFIG` by schema version 1: every resource load reads them until
   * `claimsmith migrate` moves them. Default: nobody.
   */
  readonly onLegacyClients?: (clientIds: readonly string[]) => void
  /**
   * Reads clients through this reader, shared with the store so that reads
   * started together go together. It must read `tableName`. Default: a
   * reader of its own.
   */
  readonly reader?: DynamoDbItemReader
}

/** A stored client completed with `CLIENT_DEFAULTS`. */
function toClient(stored: StoredClient): Client {
  return {
    clientId: stored.clientId,
    ...(stored.allowedScopes === undefined ? {} : { allowedScopes: stored.allowedScopes }),
    claims: stored.claims,
    clientClaimsPrefix: stored.clientClaimsPrefix ?? CLIENT_DEFAULTS.clientClaimsPrefix,
    alwaysSendClientClaims: stored.alwaysSendClientClaims ?? CLIENT_DEFAULTS.alwaysSendClientClaims,
    alwaysIncludeUserClaimsInIdToken:
      stored.alwaysIncludeUserClaimsInIdToken ?? CLIENT_DEFAULTS.alwaysIncludeUserClaimsInIdToken,
  }
}

/**
 * The `ClaimsConfigurationSource` port on DynamoDB. `loadResources` is one
 * paginated Query of the `CONFIG` partition, which holds the resources only
 * (or part of one statement when its reader sends reads together);
 * `findClient` is one GetItem of the client's own item (or part of that
 * statement), completed with
 * `CLIENT_DEFAULTS`. So neither reads more as clients are added. A client
 * not found there is looked for where schema version 1 kept it (a second
 * GetItem), so the functions of this version serve a table that
 * `claimsmith migrate` has not finished with. It reads on every call; put a
 * `CachedConfigurationSource` in front of it.
 *
 * @example
 * const source = new CachedConfigurationSource(new DynamoDbConfigurationSource({ client, tableName: 'claims' }))
 * const client = await source.findClient('4example1client2id', signal)
 */
export class DynamoDbConfigurationSource implements ClaimsConfigurationSource {
  readonly #reader: DynamoDbItemReader
  readonly #pageSize: number | undefined
  readonly #onInvalidClaim: InvalidClaimReporter
  readonly #onLegacyClients: ((clientIds: readonly string[]) => void) | undefined

  constructor(options: DynamoDbConfigurationSourceOptions) {
    requireTableSettings('DynamoDbConfigurationSource', options)
    if (
      options.pageSize !== undefined &&
      (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1)
    ) {
      throw new TypeError('DynamoDbConfigurationSource: pageSize must be a positive integer')
    }
    this.#reader = ownOrSharedReader('DynamoDbConfigurationSource', options)
    this.#pageSize = options.pageSize
    this.#onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
    this.#onLegacyClients = options.onLegacyClients
  }

  async loadResources(signal?: AbortSignal): Promise<Resources> {
    const items = await readConfigurationItems({
      reader: this.#reader,
      pageSize: this.#pageSize,
      onInvalidClaim: this.#onInvalidClaim,
      signal,
    })
    const identityResources: IdentityResource[] = []
    const apiScopes: ApiScope[] = []
    const apiResources: ApiResource[] = []
    const legacyClients: string[] = []
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
          legacyClients.push(item.value.clientId)
          break
      }
    }
    if (legacyClients.length > 0) this.#onLegacyClients?.(legacyClients)
    return { identityResources, apiScopes, apiResources }
  }

  async findClient(clientId: string, signal?: AbortSignal): Promise<Client | undefined> {
    if (typeof clientId !== 'string' || clientId === '') {
      throw new TypeError('findClient: clientId must be a non-empty string')
    }
    const stored =
      (await this.#getClient(configurationItemKey('client', clientId), clientId, signal)) ??
      (await this.#getClient(legacyClientKey(clientId), clientId, signal))
    return stored === undefined ? undefined : toClient(stored)
  }

  async #getClient(
    key: ItemKey,
    clientId: string,
    signal: AbortSignal | undefined,
  ): Promise<StoredClient | undefined> {
    const item = await this.#reader.read({ key, what: 'the client', consistentRead: false }, signal)
    if (item === undefined) return undefined
    return parseClientItem(item, key, clientId, this.#onInvalidClaim).value
  }
}
