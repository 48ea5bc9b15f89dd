import { describe, expect, it } from 'vitest'
import { CognitoEventInvalidError, parsePreAuthenticationEvent } from '../../lib/cognito/index.js'
import { loadEvent } from './support/events.js'

describe('parsePreAuthenticationEvent', () => {
  it('reads the user, client and pool of the documented event', () => {
    const parsed = parsePreAuthenticationEvent(loadEvent('pre-authentication'))
    expect(parsed.triggerSource).toBe('PreAuthentication_Authentication')
    expect(parsed.clientId).toBe('1example23456789')
    expect(parsed.userPoolId).toBe('us-east-1_EXAMPLE')
    expect(parsed.user?.sub).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111')
    expect(parsed.user?.attributes.get('email')).toBe('Jane.Doe@example.com')
  })

  it('gives no user when Cognito says the user was not found', () => {
    expect(
      parsePreAuthenticationEvent(loadEvent('pre-authentication-user-not-found')).user,
    ).toBeUndefined()
  })

  it('reads any version and trigger source, reporting the ones it does not know', () => {
    const event = loadEvent('pre-authentication')
    event.version = '2'
    event.triggerSource = 'PreAuthentication_Passkey'
    const parsed = parsePreAuthenticationEvent(event)
    expect(parsed.user?.sub).toBe('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111')
    expect(parsed.unrecognized).toEqual({
      version: '2',
      triggerSource: 'PreAuthentication_Passkey',
    })
    expect(
      parsePreAuthenticationEvent(loadEvent('pre-authentication')).unrecognized,
    ).toBeUndefined()
  })

  it('gives no user when Cognito says the user was not found and sends no userAttributes', () => {
    const event = loadEvent('pre-authentication-user-not-found')
    delete (event.request as Record<string, unknown>).userAttributes
    expect(parsePreAuthenticationEvent(event).user).toBeUndefined()
  })

  it.each([
    [
      'a request that is not an object',
      (e: Record<string, unknown>) => {
        e.request = 'request'
      },
      'request',
    ],
    [
      'no userAttributes for a user Cognito found',
      (e: Record<string, unknown>) => {
        delete (e.request as Record<string, unknown>).userAttributes
      },
      'request.userAttributes',
    ],
    [
      'no sub',
      (e: Record<string, unknown>) => {
        ;(e.request as { userAttributes: Record<string, unknown> }).userAttributes = {}
      },
      'request.userAttributes.sub',
    ],
    [
      'userNotFound of the wrong type',
      (e: Record<string, unknown>) => {
        ;(e.request as Record<string, unknown>).userNotFound = 'yes'
      },
      'request.userNotFound',
    ],
  ])('refuses %s, naming the field', (_, change, path) => {
    const event = loadEvent('pre-authentication')
    change(event)
    expect(() => parsePreAuthenticationEvent(event)).toThrow(CognitoEventInvalidError)
    try {
      parsePreAuthenticationEvent(event)
    } catch (error) {
      expect((error as CognitoEventInvalidError).path).toBe(path)
    }
  })
})
