import { describe, expect, it } from 'vitest'
import { peekTriggerReadAhead } from '../../lib/cognito/peek-trigger-read-ahead.js'

const event = (
  request: unknown,
  triggerSource = 'TokenGeneration_HostedAuth',
  callerContext: unknown = { clientId: 'client-1' },
) => ({ version: '2', triggerSource, callerContext, request })

describe('peekTriggerReadAhead', () => {
  it("reads request.userAttributes.sub and callerContext.clientId of a user's event", () => {
    expect(peekTriggerReadAhead(event({ userAttributes: { sub: 'user-1' } }))).toEqual({
      sub: 'user-1',
      clientId: 'client-1',
    })
  })

  it('reads the client alone of a client-credentials grant', () => {
    expect(
      peekTriggerReadAhead(
        event({ userAttributes: { sub: 'user-1' } }, 'TokenGeneration_ClientCredentials'),
      ),
    ).toEqual({ sub: undefined, clientId: 'client-1' })
  })

  it.each([
    ['a callerContext that is null', null],
    ['a callerContext that is a string', 'context'],
    ['no clientId', {}],
    ['an empty clientId', { clientId: '' }],
    ['a clientId that is a number', { clientId: 7 }],
  ])('reads the user alone for %s', (_case, callerContext) => {
    expect(
      peekTriggerReadAhead(
        event({ userAttributes: { sub: 'user-1' } }, 'TokenGeneration_HostedAuth', callerContext),
      ),
    ).toEqual({ sub: 'user-1', clientId: undefined })
  })

  it.each([
    ['a request that is null', event(null)],
    ['a request that is a string', event('request')],
    ['userAttributes that are null', event({ userAttributes: null })],
    ['userAttributes that are a number', event({ userAttributes: 7 })],
    ['no sub', event({ userAttributes: { email: 'a@example.com' } })],
    ['an empty sub', event({ userAttributes: { sub: '' } })],
    ['a sub that is a number', event({ userAttributes: { sub: 42 } })],
  ])('reads the client alone for %s', (_case, input) => {
    expect(peekTriggerReadAhead(input)).toEqual({ sub: undefined, clientId: 'client-1' })
  })

  it.each([
    ['null', null],
    ['a string', 'event'],
    [
      'an event without a request or a callerContext',
      { triggerSource: 'TokenGeneration_HostedAuth' },
    ],
    ['an event naming neither', event({ userAttributes: {} }, 'TokenGeneration_HostedAuth', {})],
    [
      'a client-credentials grant without a client id',
      event({ userAttributes: { sub: 'user-1' } }, 'TokenGeneration_ClientCredentials', null),
    ],
  ])('gives nothing, and throws nothing, for %s', (_case, input) => {
    expect(peekTriggerReadAhead(input)).toBeUndefined()
  })
})
