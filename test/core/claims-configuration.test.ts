import { describe, expect, it } from 'vitest'
import { type ClaimsConfiguration, clientFor, unknownClient } from '../../lib/core/index.js'
import { aClient, RESOURCES } from './fixtures.js'

const reporting = aClient({
  clientId: 'reporting-app',
  allowedScopes: ['openid', 'orders/read'],
  claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
  clientClaimsPrefix: '',
  alwaysSendClientClaims: true,
})

const configuration: ClaimsConfiguration = {
  ...RESOURCES,
  clients: new Map([[reporting.clientId, reporting]]),
}

describe('clientFor', () => {
  it('returns the configured client', () => {
    expect(clientFor(configuration, 'reporting-app')).toBe(reporting)
  })

  it('returns a client with the defaults when the client id is not configured', () => {
    expect(clientFor(configuration, 'other-app')).toEqual({
      clientId: 'other-app',
      claims: [],
      clientClaimsPrefix: 'client_',
      alwaysSendClientClaims: false,
      alwaysIncludeUserClaimsInIdToken: true,
    })
  })

  it('does not match client ids case-insensitively', () => {
    expect(clientFor(configuration, 'Reporting-App')).toEqual(unknownClient('Reporting-App'))
  })
})

describe('unknownClient', () => {
  it('has no claims and no scope restriction', () => {
    const client = unknownClient('x')
    expect(client.claims).toEqual([])
    expect(client.allowedScopes).toBeUndefined()
    expect(unknownClient('x').claims).not.toBe(client.claims)
  })
})
