import { describe, expect, it } from 'vitest'
import { CognitoEventInvalidError, parsePreTokenGenerationEvent } from '../../lib/cognito/index.js'
import { loadEvent, USER_SOURCE_FIXTURES } from './support/events.js'

function failure(event: unknown): CognitoEventInvalidError {
  try {
    parsePreTokenGenerationEvent(event)
  } catch (error) {
    if (error instanceof CognitoEventInvalidError) return error
    throw error
  }
  throw new Error('the event was accepted')
}

describe('parsePreTokenGenerationEvent', () => {
  const versions = ['1', '2', '3'] as const
  const cases = versions.flatMap((version) =>
    USER_SOURCE_FIXTURES.map(([source, file]) => ({ version, source, file })),
  )

  it.each(cases)('reads the user of a version $version $source event', ({
    version,
    source,
    file,
  }) => {
    const parsed = parsePreTokenGenerationEvent(
      loadEvent(`pre-token-generation-v${version}-${file}`),
    )
    expect(parsed).toMatchObject({
      version,
      triggerSource: source,
      region: 'us-east-1',
      userPoolId: 'us-east-1_EXAMPLE',
      clientId: '1example23456789',
    })
    expect(parsed.user?.sub).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111')
    expect(parsed.user?.userName).toBe('JaneDoe')
    expect(parsed.user?.attributes.get('email_verified')).toBe('true')
  })

  it('gives version 1 events no scopes, even when a request carries some', () => {
    const event = loadEvent('pre-token-generation-v1-hosted-auth')
    event.request.scopes = ['openid']
    expect(parsePreTokenGenerationEvent(event).scopes).toBeUndefined()
  })

  it('keeps the scopes of version 2 and 3 events as sent', () => {
    expect(
      parsePreTokenGenerationEvent(loadEvent('pre-token-generation-v2-hosted-auth')).scopes,
    ).toEqual(['aws.cognito.signin.user.admin', 'phone', 'openid', 'profile', 'email'])
  })

  it('reads no scopes as an empty list when a version 2 request has scopes null', () => {
    const event = loadEvent('pre-token-generation-v2-authentication')
    event.request.scopes = null
    expect(parsePreTokenGenerationEvent(event).scopes).toEqual([])
  })

  it('reads a client-credentials event without a user', () => {
    const parsed = parsePreTokenGenerationEvent(
      loadEvent('pre-token-generation-v3-client-credentials'),
    )
    expect(parsed).toEqual({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      region: 'us-east-1',
      userPoolId: 'us-east-1_EXAMPLE',
      clientId: '2example34567890',
      scopes: ['orders/read'],
      user: undefined,
    })
  })

  it('ignores the group configuration, whatever its shape (the guide shows preferredRole as a list)', () => {
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    event.request.groupConfiguration = { preferredRole: 42 }
    expect(parsePreTokenGenerationEvent(event).user).toBeDefined()
  })

  it('keeps __proto__ and constructor attributes as ordinary entries and pollutes nothing', () => {
    const event = JSON.parse(
      JSON.stringify(loadEvent('pre-token-generation-v2-hosted-auth')).replace(
        '"userAttributes":{',
        '"userAttributes":{"__proto__":{"polluted":"yes"},"constructor":"c",',
      ),
    )
    // A non-string __proto__ attribute is left out; a string one is kept.
    expect(parsePreTokenGenerationEvent(event).user?.attributes.has('__proto__')).toBe(false)
    event.request.userAttributes = JSON.parse('{"__proto__":"p","constructor":"c","sub":"s-1"}')
    const parsed = parsePreTokenGenerationEvent(event)
    expect(parsed.user?.attributes.get('__proto__')).toBe('p')
    expect(parsed.user?.attributes.get('constructor')).toBe('c')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it.each([
    [
      'a version of the wrong type',
      (e: Record<string, unknown>) => {
        e.version = 2
      },
      'version',
      'is not a string',
    ],
    [
      'client credentials outside version 3',
      (e: Record<string, unknown>) => {
        e.triggerSource = 'TokenGeneration_ClientCredentials'
      },
      'triggerSource',
      'is sent in version 3 events only',
    ],
    [
      'no userName',
      (e: Record<string, unknown>) => {
        delete e.userName
      },
      'userName',
      'is missing',
    ],
    [
      'an empty user pool id',
      (e: Record<string, unknown>) => {
        e.userPoolId = ''
      },
      'userPoolId',
      'is empty',
    ],
    [
      'no callerContext',
      (e: Record<string, unknown>) => {
        delete e.callerContext
      },
      'callerContext',
      'is missing',
    ],
    [
      'a client id of the wrong type',
      (e: Record<string, unknown>) => {
        e.callerContext = { clientId: 7 }
      },
      'callerContext.clientId',
      'is not a string',
    ],
    [
      'no request',
      (e: Record<string, unknown>) => {
        delete e.request
      },
      'request',
      'is missing',
    ],
    [
      'userAttributes as a list',
      (e: Record<string, unknown>) => {
        ;(e.request as Record<string, unknown>).userAttributes = ['x']
      },
      'request.userAttributes',
      'is not an object',
    ],
    [
      'no sub',
      (e: Record<string, unknown>) => {
        delete (e.request as { userAttributes: Record<string, unknown> }).userAttributes.sub
      },
      'request.userAttributes.sub',
      'is missing',
    ],
    [
      'a sub that is not a string',
      (e: Record<string, unknown>) => {
        ;(e.request as { userAttributes: Record<string, unknown> }).userAttributes.sub = 7
      },
      'request.userAttributes.sub',
      'is not a string',
    ],
    [
      'request that is not an object',
      (e: Record<string, unknown>) => {
        e.request = 'request'
      },
      'request',
      'is not an object',
    ],
    [
      'scopes that are not a list',
      (e: Record<string, unknown>) => {
        ;(e.request as Record<string, unknown>).scopes = 'openid'
      },
      'request.scopes',
      'is not a list',
    ],
    [
      'a scope that is not a string',
      (e: Record<string, unknown>) => {
        ;(e.request as Record<string, unknown>).scopes = ['openid', 5]
      },
      'request.scopes[1]',
      'is not a string',
    ],
  ])('refuses %s, naming the field', (_, change, path, problem) => {
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    change(event)
    const error = failure(event)
    expect(error.code).toBe('COGNITO_EVENT_INVALID')
    expect(error.path).toBe(path)
    expect(error.message).toBe(`invalid Cognito event: ${path} ${problem}`)
  })

  it('refuses an event that is not an object', () => {
    expect(failure('{}').message).toBe('invalid Cognito event: event is not an object')
    expect(failure(null).path).toBe('')
  })

  it('never quotes a value in its message', () => {
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    event.request.userAttributes.sub = { secret: 'hunter2-SECRET' }
    event.version = 'SECRET-version'
    expect(failure(event).message).not.toContain('SECRET')
    const other = loadEvent('pre-token-generation-v2-hosted-auth')
    ;(other as Record<string, unknown>).request = 'SECRET-123456'
    expect(failure(other).message).not.toContain('123456')
  })
})
