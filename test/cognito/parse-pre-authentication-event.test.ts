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

  it.each([
    [
      'a pre token generation event',
      (e: Record<string, unknown>) => {
        e.triggerSource = 'TokenGeneration_Authentication'
      },
      'triggerSource',
    ],
    [
      'another version',
      (e: Record<string, unknown>) => {
        e.version = '2'
      },
      'version',
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
