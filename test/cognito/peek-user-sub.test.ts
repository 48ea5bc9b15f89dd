import { describe, expect, it } from 'vitest'
import { peekUserSub } from '../../lib/cognito/peek-user-sub.js'

const event = (request: unknown, triggerSource = 'TokenGeneration_HostedAuth') => ({
  version: '2',
  triggerSource,
  request,
})

describe('peekUserSub', () => {
  it("reads request.userAttributes.sub of a user's event", () => {
    expect(peekUserSub(event({ userAttributes: { sub: 'user-1' } }))).toBe('user-1')
  })

  it.each([
    ['null', null],
    ['a string', 'event'],
    ['an event without a request', { triggerSource: 'TokenGeneration_HostedAuth' }],
    ['a request that is null', event(null)],
    ['a request that is a string', event('request')],
    ['userAttributes that are null', event({ userAttributes: null })],
    ['userAttributes that are a number', event({ userAttributes: 7 })],
    ['no sub', event({ userAttributes: { email: 'a@example.com' } })],
    ['an empty sub', event({ userAttributes: { sub: '' } })],
    ['a sub that is a number', event({ userAttributes: { sub: 42 } })],
    [
      'a client-credentials grant',
      event({ userAttributes: { sub: 'user-1' } }, 'TokenGeneration_ClientCredentials'),
    ],
  ])('gives nothing, and throws nothing, for %s', (_case, input) => {
    expect(peekUserSub(input)).toBeUndefined()
  })
})
