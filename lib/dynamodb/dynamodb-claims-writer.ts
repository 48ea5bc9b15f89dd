import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { StoredUser } from '../core/claims-store.js'
import { callDynamoDb } from './call-dynamodb.js'
import {
  requireBoolean,
  requireClaims,
  requireExpectedVersion,
  requireNonEmptyString,
  requireStringList,
} from './check-write-input.js'
import {
  type ConfigurationItem,
  configurationItemName,
  isConfigurationItemKind,
} from './configuration-item.js'
import { ItemNotFoundError, ItemVersionConflictError } from './errors.js'
import { isOwnEarlierWrite } from './is-own-earlier-write.js'
import {
  type ConfigurationItemKind,
  configurationItemKey,
  type ItemKey,
  userKey,
} from './item-keys.js'
import {
  type InvalidClaimReporter,
  ignoreInvalidClaim,
  isStoredMap,
} from './parse-stored-claims.js'
import { parseUserItem } from './parse-user-item.js'
import { requireTableSettings } from './require-table-settings.js'
import { storedItem, userItem } from './stored-item.js'

/** Settings for `DynamoDbClaimsWriter`. */
export interface DynamoDbClaimsWriterOptions {
  readonly client: DynamoDBDocumentClient
  readonly tableName: string
  /** Told about invalid claims met while reading a user to change it. Default: nobody. */
  readonly onInvalidClaim?: InvalidClaimReporter
}

/** Options of a write that creates or changes an item. */
export interface ConditionalWriteOptions {
  /**
   * The version the caller read. A put without it creates and fails if the
   * item exists; a partial change without it uses the version it reads itself.
   */
  readonly expectedVersion?: number
  readonly signal?: AbortSignal
}

/** Options of a delete: the version the caller read is required. */
export interface DeleteOptions {
  readonly expectedVersion: number
  readonly signal?: AbortSignal
}

/** A value (and value type) of a claim whose type is given separately. */
export interface ClaimValue {
  readonly value: string
  readonly valueType?: string | undefined
}

function configurationAttributes(item: ConfigurationItem): Record<string, unknown> {
  if (!isConfigurationItemKind(item.kind)) {
    throw new TypeError('kind must be identityResource, apiScope, apiResource or client')
  }
  const name = requireNonEmptyString(
    item.kind === 'client' ? 'clientId' : 'name',
    configurationItemName(item),
  )
  switch (item.kind) {
    case 'identityResource':
    case 'apiScope':
      return { name, userClaims: requireStringList('userClaims', item.value.userClaims) }
    case 'apiResource':
      return {
        name,
        scopes: requireStringList('scopes', item.value.scopes),
        userClaims: requireStringList('userClaims', item.value.userClaims),
      }
    case 'client': {
      const {
        allowedScopes,
        clientClaimsPrefix,
        alwaysSendClientClaims,
        alwaysIncludeUserClaimsInIdToken,
      } = item.value
      if (clientClaimsPrefix !== undefined && typeof clientClaimsPrefix !== 'string') {
        throw new TypeError('clientClaimsPrefix must be a string when given')
      }
      return {
        clientId: name,
        allowedScopes:
          allowedScopes === undefined
            ? undefined
            : requireStringList('allowedScopes', allowedScopes),
        claims: requireClaims('claims', item.value.claims),
        clientClaimsPrefix,
        alwaysSendClientClaims:
          alwaysSendClientClaims === undefined
            ? undefined
            : requireBoolean('alwaysSendClientClaims', alwaysSendClientClaims),
        alwaysIncludeUserClaimsInIdToken:
          alwaysIncludeUserClaimsInIdToken === undefined
            ? undefined
            : requireBoolean('alwaysIncludeUserClaimsInIdToken', alwaysIncludeUserClaimsInIdToken),
      }
    }
  }
}

/**
 * Writes users and configuration items. A user's `tokensValidAfter` is
 * written only by `putUser` (when given), `setUserActive(false)` and
 * `signOutUser`, and kept by every other change. Every write is conditional on the
 * item's `version` (absent for a create) and returns the new version; a lost
 * race rejects with `ItemVersionConflictError`, so no writer silently
 * overwrites another. Claims the reader would drop as invalid are kept as they
 * are unless the change replaces or removes their type.
 *
 * @example
 * const writer = new DynamoDbClaimsWriter({ client, tableName: 'claims' })
 * const version = await writer.putUser({ sub, active: true, claims: [{ type: 'role', value: 'admin' }] })
 * await writer.setUserClaim(sub, 'role', [{ value: 'editor' }], { expectedVersion: version })
 */
export class DynamoDbClaimsWriter {
  readonly #client: DynamoDBDocumentClient
  readonly #tableName: string
  readonly #onInvalidClaim: InvalidClaimReporter

  constructor(options: DynamoDbClaimsWriterOptions) {
    requireTableSettings('DynamoDbClaimsWriter', options)
    this.#client = options.client
    this.#tableName = options.tableName
    this.#onInvalidClaim = options.onInvalidClaim ?? ignoreInvalidClaim
  }

  /** Creates the user, or replaces it when `expectedVersion` is given. */
  async putUser(user: StoredUser, options: ConditionalWriteOptions = {}): Promise<number> {
    const checked: StoredUser = {
      sub: requireNonEmptyString('sub', user.sub),
      active: requireBoolean('active', user.active),
      claims: requireClaims('claims', user.claims),
      tokensValidAfter: requireEpochSeconds('tokensValidAfter', user.tokensValidAfter),
    }
    return this.#put(userKey(checked.sub), (version) => userItem(checked, version), options)
  }

  /**
   * Gives the user exactly these claims of `type`: they take the place of the
   * first existing claim of that type, or are added at the end.
   */
  async setUserClaim(
    sub: string,
    type: string,
    values: readonly ClaimValue[],
    options: ConditionalWriteOptions = {},
  ): Promise<number> {
    requireNonEmptyString('type', type)
    if (!Array.isArray(values) || values.length === 0) {
      throw new TypeError('values must be a non-empty list (use removeUserClaim to remove a type)')
    }
    const claims = requireClaims(
      'values',
      values.map((claim) => ({ ...claim, type })),
    )
    return this.#changeUser(sub, options, (current) => {
      const first = current.findIndex((entry) => isStoredMap(entry) && entry.type === type)
      const others = current.filter((entry) => !(isStoredMap(entry) && entry.type === type))
      const at = first === -1 ? others.length : first
      return { claims: [...others.slice(0, at), ...claims, ...others.slice(at)] }
    })
  }

  /**
   * Removes the user's claims of `type`, or only those with `value`. A removal
   * that matches nothing writes nothing and returns the current version.
   */
  async removeUserClaim(
    sub: string,
    type: string,
    options: ConditionalWriteOptions & { readonly value?: string } = {},
  ): Promise<number> {
    requireNonEmptyString('type', type)
    const { value } = options
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError('value must be a string when given')
    }
    return this.#changeUser(sub, options, (current) => {
      const claims = current.filter(
        (entry) =>
          !(
            isStoredMap(entry) &&
            entry.type === type &&
            (value === undefined || entry.value === value)
          ),
      )
      return claims.length === current.length ? undefined : { claims }
    })
  }

  /**
   * Activates or deactivates the user (inactive users get no tokens).
   * Deactivating also signs the user out (`signOutUser`), so the access
   * tokens issued until now stay refused after a later reactivation.
   */
  async setUserActive(
    sub: string,
    active: boolean,
    options: ConditionalWriteOptions = {},
  ): Promise<number> {
    requireBoolean('active', active)
    return this.#changeUser(sub, options, () =>
      active ? { active } : { active, tokensValidAfter: nowInSeconds() },
    )
  }

  /**
   * Signs the user out: sets `tokensValidAfter` to now (epoch seconds), so
   * access tokens issued at or before it are refused where they are
   * validated (userinfo, introspection). Resolves to the new version and the
   * time written.
   */
  async signOutUser(
    sub: string,
    options: ConditionalWriteOptions = {},
  ): Promise<{ readonly version: number; readonly tokensValidAfter: number }> {
    const tokensValidAfter = nowInSeconds()
    const version = await this.#changeUser(sub, options, () => ({ tokensValidAfter }))
    return { version, tokensValidAfter }
  }

  /** Deletes the user if it is still at `expectedVersion`. */
  async deleteUser(sub: string, options: DeleteOptions): Promise<void> {
    await this.#delete(userKey(requireNonEmptyString('sub', sub)), options)
  }

  /** Creates the configuration item, or replaces it when `expectedVersion` is given. */
  async putConfigurationItem(
    item: ConfigurationItem,
    options: ConditionalWriteOptions = {},
  ): Promise<number> {
    const attributes = configurationAttributes(item)
    const key = configurationItemKey(item.kind, configurationItemName(item))
    return this.#put(key, (version) => storedItem(key, item.kind, version, attributes), options)
  }

  /** Deletes the configuration item (`name` is the client id for a client) if it is still at `expectedVersion`. */
  async deleteConfigurationItem(
    kind: ConfigurationItemKind,
    name: string,
    options: DeleteOptions,
  ): Promise<void> {
    await this.#delete(configurationItemKey(kind, requireNonEmptyString('name', name)), options)
  }

  async #put(
    key: ItemKey,
    build: (version: number) => Record<string, unknown>,
    options: ConditionalWriteOptions,
  ): Promise<number> {
    const expectedVersion = requireExpectedVersion(options.expectedVersion)
    const version = (expectedVersion ?? 0) + 1
    const item = build(version)
    try {
      await callDynamoDb(
        'DynamoDB PutItem',
        options.signal,
        (callOptions) =>
          this.#client.send(
            new PutCommand({
              TableName: this.#tableName,
              Item: item,
              ...(expectedVersion === undefined
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#version = :expected',
                    ExpressionAttributeNames: { '#version': 'version' },
                    ExpressionAttributeValues: { ':expected': expectedVersion },
                  }),
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
            callOptions,
          ),
        (cause) => new ItemVersionConflictError(key, expectedVersion, { cause }),
      )
    } catch (error) {
      if (error instanceof ItemVersionConflictError && isOwnEarlierWrite(error.cause, item)) {
        return version
      }
      throw error
    }
    return version
  }

  /** Reads the user, applies `change` to its stored claims list, writes it back on the read version. */
  async #changeUser(
    sub: string,
    options: ConditionalWriteOptions,
    change: (claims: readonly unknown[]) =>
      | {
          readonly claims?: readonly unknown[]
          readonly active?: boolean
          readonly tokensValidAfter?: number
        }
      | undefined,
  ): Promise<number> {
    const key = userKey(requireNonEmptyString('sub', sub))
    const expected = requireExpectedVersion(options.expectedVersion)
    const { Item } = await callDynamoDb(
      'DynamoDB GetItem of the user',
      options.signal,
      (callOptions) =>
        this.#client.send(
          new GetCommand({ TableName: this.#tableName, Key: key, ConsistentRead: true }),
          callOptions,
        ),
    )
    if (Item === undefined) throw new ItemNotFoundError(key)
    // Validates the whole item: a change is never built on a corrupt one.
    const { version } = parseUserItem(Item, sub, this.#onInvalidClaim)
    if (expected !== undefined && expected !== version) {
      throw new ItemVersionConflictError(key, expected)
    }
    const changed = change(Item.claims)
    if (changed === undefined) return version
    const names: Record<string, string> = { '#version': 'version' }
    const values: Record<string, unknown> = { ':expected': version, ':next': version + 1 }
    const assignments = ['#version = :next']
    for (const [attribute, value] of Object.entries(changed)) {
      names[`#${attribute}`] = attribute
      values[`:${attribute}`] = value
      assignments.push(`#${attribute} = :${attribute}`)
    }
    await callDynamoDb(
      'DynamoDB UpdateItem of the user',
      options.signal,
      (callOptions) =>
        this.#client.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: key,
            UpdateExpression: `SET ${assignments.join(', ')}`,
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
          callOptions,
        ),
      (cause) => new ItemVersionConflictError(key, version, { cause }),
    )
    return version + 1
  }

  async #delete(key: ItemKey, options: DeleteOptions): Promise<void> {
    const expectedVersion = requireExpectedVersion(options.expectedVersion)
    if (expectedVersion === undefined) throw new TypeError('expectedVersion is required to delete')
    try {
      await callDynamoDb(
        'DynamoDB DeleteItem',
        options.signal,
        (callOptions) =>
          this.#client.send(
            new DeleteCommand({
              TableName: this.#tableName,
              Key: key,
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
            callOptions,
          ),
        (cause) => new ItemVersionConflictError(key, expectedVersion, { cause }),
      )
    } catch (error) {
      // Already gone (a retry after a lost answer, or another deleter): the table
      // is as this call wanted and nothing unseen is lost. Checked by reading,
      // because not every DynamoDB returns the item with a failed condition.
      if (error instanceof ItemVersionConflictError && !(await this.#exists(key, options.signal))) {
        return
      }
      throw error
    }
  }

  async #exists(key: ItemKey, signal: AbortSignal | undefined): Promise<boolean> {
    const { Item } = await callDynamoDb('DynamoDB GetItem', signal, (callOptions) =>
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: key,
          ConsistentRead: true,
          ProjectionExpression: 'pk',
        }),
        callOptions,
      ),
    )
    return Item !== undefined
  }
}

function requireEpochSeconds(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a whole, non-negative number of seconds when given`)
  }
  return value
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
