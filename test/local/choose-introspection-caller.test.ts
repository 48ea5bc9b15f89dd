import { describe, expect, it } from 'vitest'
import { loadConfigurationFile } from '../../lib/cli/load-configuration-file.js'
import { chooseIntrospectionCaller } from '../../lib/local/index.js'

const orders = { name: 'orders', scopes: ['orders/read', 'orders/write'], userClaims: [] }
const billing = { name: 'billing', scopes: ['billing/read'], userClaims: [] }

describe('chooseIntrospectionCaller', () => {
  it("picks the example file's back-office client, with its API scopes and claimsmith/introspect", async () => {
    const { configuration } = await loadConfigurationFile(
      'examples/claimsmith.yaml',
      'examples/claimsmith.yaml',
    )
    const web = configuration.clients.find((client) => client.clientId === '6example2spa3client4id')

    expect(
      chooseIntrospectionCaller(configuration, '6example2spa3client4id', web?.allowedScopes ?? []),
    ).toEqual({
      clientId: '7example8m2m9client0id',
      scopes: ['orders/read', 'billing/invoices.read', 'claimsmith/introspect'],
    })
  })

  it('skips a client whose API scopes share no resource with the user token, and identity scopes', () => {
    const configuration = {
      apiResources: [orders, billing],
      clients: [
        { clientId: 'web', allowedScopes: ['openid', 'orders/read'] },
        { clientId: 'billing-api', allowedScopes: ['billing/read'] },
        { clientId: 'orders-api', allowedScopes: ['openid', 'orders/write'] },
      ],
    }
    expect(chooseIntrospectionCaller(configuration, 'web', ['openid', 'orders/read'])).toEqual({
      clientId: 'orders-api',
      scopes: ['orders/write', 'claimsmith/introspect'],
    })
  })

  it("falls back to the user's own client, and to nothing when no client shares a resource", () => {
    const configuration = {
      apiResources: [orders, billing],
      clients: [
        { clientId: 'web', allowedScopes: ['openid', 'orders/read'] },
        { clientId: 'billing-api', allowedScopes: ['billing/read'] },
      ],
    }
    expect(chooseIntrospectionCaller(configuration, 'web', ['openid', 'orders/read'])).toEqual({
      clientId: 'web',
      scopes: ['orders/read', 'claimsmith/introspect'],
    })
    expect(chooseIntrospectionCaller(configuration, 'web', ['openid'])).toBeUndefined()
  })
})
