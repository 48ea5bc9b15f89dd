import { describe, expect, it } from 'vitest'
import {
  type Claim,
  IsActiveContext,
  ProfileDataCallers,
  ProfileDataRequestContext,
  ProfileIsActiveCallers,
} from '../../lib/core/index.js'
import { aClient, aSubject } from './fixtures.js'

function contextRequesting(requestedClaimTypes: Iterable<string>): ProfileDataRequestContext {
  return new ProfileDataRequestContext({
    subject: aSubject(),
    client: aClient(),
    caller: ProfileDataCallers.ClaimsProviderIdentityToken,
    requestedClaimTypes,
  })
}

const CLAIMS: Claim[] = [
  { type: 'email', value: 'a@example.com' },
  { type: 'Email', value: 'b@example.com' },
  { type: 'EMAIL', value: 'c@example.com' },
  { type: 'email ', value: 'd@example.com' },
  { type: 'role', value: 'admin' },
  { type: 'tier', value: '3', valueType: 'integer' },
  { type: 'role', value: 'editor' },
]

describe('ProfileDataRequestContext', () => {
  it('exposes the subject, client and caller it was built with, and no issued claims', () => {
    const subject = aSubject([{ type: 'email', value: 'a@example.com' }])
    const client = aClient({ clientId: 'reporting' })
    const context = new ProfileDataRequestContext({
      subject,
      client,
      caller: ProfileDataCallers.UserInfoEndpoint,
      requestedClaimTypes: ['email'],
    })
    expect(context.subject).toBe(subject)
    expect(context.client).toBe(client)
    expect(context.caller).toBe('UserInfoEndpoint')
    expect([...context.requestedClaimTypes]).toEqual(['email'])
    expect(context.issuedClaims).toEqual([])
  })

  it('adds only the claims whose type matches a requested type exactly and case-sensitively', () => {
    const context = contextRequesting(['email', 'role'])
    context.addRequestedClaims(CLAIMS)
    expect(context.issuedClaims).toEqual([
      { type: 'email', value: 'a@example.com' },
      { type: 'role', value: 'admin' },
      { type: 'role', value: 'editor' },
    ])
  })

  it('adds nothing when no claim type is requested', () => {
    const context = contextRequesting([])
    context.addRequestedClaims(CLAIMS)
    expect(context.issuedClaims).toEqual([])
  })

  it('appends to claims already issued', () => {
    const context = contextRequesting(['tier'])
    context.issuedClaims.push({ type: 'plan', value: 'enterprise' })
    context.addRequestedClaims(CLAIMS)
    expect(context.issuedClaims.map((c) => c.type)).toEqual(['plan', 'tier'])
  })

  it('keeps its own copy of the requested types when the caller changes its list', () => {
    const requested = ['email']
    const context = contextRequesting(requested)
    requested.push('role')
    context.addRequestedClaims(CLAIMS)
    expect(context.requestedClaimTypes.has('role')).toBe(false)
    expect(context.issuedClaims.map((c) => c.type)).toEqual(['email'])
  })

  it('accepts any iterable of requested types and of claims', () => {
    const context = contextRequesting(new Set(['role']).values())
    context.addRequestedClaims(new Set(CLAIMS))
    expect(context.issuedClaims.map((c) => c.value)).toEqual(['admin', 'editor'])
  })
})

describe('IsActiveContext', () => {
  it('defaults isActive to true and exposes the subject, client and caller', () => {
    const subject = aSubject()
    const client = aClient()
    const context = new IsActiveContext({
      subject,
      client,
      caller: ProfileIsActiveCallers.SamlSsoEndpoint,
    })
    expect(context.isActive).toBe(true)
    expect(context.subject).toBe(subject)
    expect(context.client).toBe(client)
    expect(context.caller).toBe('SamlSsoEndpoint')
  })
})
