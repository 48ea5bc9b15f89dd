import { describe, expect, it } from 'vitest'
import { requestedScopes } from '../../lib/core/index.js'
import { aClient } from './fixtures.js'

describe('requestedScopes', () => {
  const client = aClient({ allowedScopes: ['openid', 'email', 'orders/read'] })

  it('takes the event scopes without Cognito admin scope', () => {
    expect(
      requestedScopes(['aws.cognito.signin.user.admin', 'openid', 'orders/write'], client),
    ).toEqual(['openid', 'orders/write'])
  })

  it("falls back to the client's allowed scopes when only the admin scope is left", () => {
    expect(requestedScopes(['aws.cognito.signin.user.admin'], client)).toEqual([
      'openid',
      'email',
      'orders/read',
    ])
  })

  it("falls back to the client's allowed scopes for version 1 events, which carry none", () => {
    expect(requestedScopes(undefined, client)).toEqual(['openid', 'email', 'orders/read'])
  })

  it('asks for nothing when neither the event nor the client names a scope', () => {
    expect(requestedScopes([], aClient())).toEqual([])
  })
})
