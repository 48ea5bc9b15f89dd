import type { ClaimsStore, Client, Resources, StoredUser, Subject } from '../../lib/core/index.js'
import { CLIENT_DEFAULTS } from '../../lib/core/index.js'

/** The XML-schema namespace .NET's ClaimValueTypes live in. */
export const XS = 'http://www.w3.org/2001/XMLSchema#'

/** A client with the defaults, adjusted by `overrides`. */
export function aClient(overrides: Partial<Client> = {}): Client {
  return { clientId: 'web-app', claims: [], ...CLIENT_DEFAULTS, ...overrides }
}

export function aSubject(claims: Subject['claims'] = [], sub = 'user-1'): Subject {
  return { sub, claims }
}

/** The resources of a small multi-tenant configuration. */
export const RESOURCES: Resources = {
  identityResources: [{ name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] }],
  apiScopes: [
    { name: 'orders/read', userClaims: ['department'] },
    { name: 'orders/write', userClaims: ['approval_limit'] },
    { name: 'billing/read', userClaims: ['cost_center'] },
  ],
  apiResources: [
    { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: ['employee_id'] },
    { name: 'billing', scopes: ['billing/read'], userClaims: ['billing_account'] },
  ],
}

/** A ClaimsStore over a Map that records every read, optionally failing the first `failures` reads. */
export function inMemoryClaimsStore(
  users: readonly StoredUser[],
  options: { failures?: number } = {},
): ClaimsStore & { readonly reads: Array<{ sub: string; signal: AbortSignal | undefined }> } {
  const bySub = new Map(users.map((user) => [user.sub, user]))
  const reads: Array<{ sub: string; signal: AbortSignal | undefined }> = []
  let failures = options.failures ?? 0
  return {
    reads,
    async findUser(sub, signal) {
      reads.push({ sub, signal })
      if (failures > 0) {
        failures -= 1
        throw new Error('store unavailable')
      }
      return bySub.get(sub)
    },
  }
}
