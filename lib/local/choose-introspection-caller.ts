import type { ApiResource, Client } from '../core/index.js'
import { DEFAULT_INTROSPECTION_SCOPE } from '../introspection/index.js'

/** The app client the local stack introspects as, and the scopes of its token. */
export interface LocalIntrospectionCaller {
  /** The configuration file's client id. */
  readonly clientId: string
  /** Its allowed API scopes, then the introspection scope. */
  readonly scopes: readonly string[]
}

/**
 * The resource server the local stack calls introspection as: the first
 * client of the file, other than the user's, allowed a scope of an API
 * resource that `userScopes` names too (introspection shows a caller only
 * the API resources both tokens name); else the user's client itself. Its
 * token gets that client's allowed API scopes and the introspection scope
 * (`claimsmith/introspect`, the function's default). `undefined` when no
 * client shares an API resource with `userScopes`.
 *
 * @example
 * chooseIntrospectionCaller(configuration, '6example2spa3client4id', ['openid', 'orders/read'])
 * // { clientId: '7example8m2m9client0id', scopes: ['orders/read', 'billing/invoices.read', 'claimsmith/introspect'] }
 */
export function chooseIntrospectionCaller(
  configuration: {
    readonly apiResources: readonly Pick<ApiResource, 'scopes'>[]
    readonly clients: readonly Pick<Client, 'clientId' | 'allowedScopes'>[]
  },
  userClientId: string,
  userScopes: readonly string[],
): LocalIntrospectionCaller | undefined {
  const apiScopes = new Set(configuration.apiResources.flatMap((resource) => resource.scopes))
  const userResources = configuration.apiResources.filter((resource) =>
    resource.scopes.some((scope) => userScopes.includes(scope)),
  )
  const sharesResource = (scopes: readonly string[]) =>
    userResources.some((resource) => resource.scopes.some((scope) => scopes.includes(scope)))
  const candidates = [
    ...configuration.clients.filter((client) => client.clientId !== userClientId),
    ...configuration.clients.filter((client) => client.clientId === userClientId),
  ]
  for (const client of candidates) {
    const scopes = (client.allowedScopes ?? []).filter((scope) => apiScopes.has(scope))
    if (sharesResource(scopes)) {
      return { clientId: client.clientId, scopes: [...scopes, DEFAULT_INTROSPECTION_SCOPE] }
    }
  }
  return undefined
}
