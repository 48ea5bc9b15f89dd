import { readFileSync } from 'node:fs'

const FIXTURES = new URL('../../fixtures/cognito/', import.meta.url)
const parsed = new Map<string, Record<string, unknown>>()

/** The names of the fixture files, without `.json`. */
export type FixtureName =
  | `pre-token-generation-v${'1' | '2' | '3'}-${'hosted-auth' | 'authentication' | 'new-password-challenge' | 'authenticate-device' | 'refresh-tokens'}`
  | 'pre-token-generation-v3-client-credentials'
  | 'pre-authentication'
  | 'pre-authentication-user-not-found'
  | TomorrowsFixtureName

/**
 * Close variants of the published examples: what AWS may send tomorrow
 * (new fields, newer versions, a new source, attributes that are not strings).
 */
export type TomorrowsFixtureName =
  | 'pre-token-generation-v2-new-fields'
  | 'pre-token-generation-v4-authentication'
  | 'pre-token-generation-v1-1-authentication'
  | 'pre-token-generation-v9-unknown-response'
  | 'pre-token-generation-v2-unknown-source'
  | 'pre-token-generation-v2-non-string-attributes'
  | 'pre-authentication-v2'
  | 'pre-authentication-user-not-found-no-attributes'

/** Every user trigger source with the name its fixtures carry. */
export const USER_SOURCE_FIXTURES = [
  ['TokenGeneration_HostedAuth', 'hosted-auth'],
  ['TokenGeneration_Authentication', 'authentication'],
  ['TokenGeneration_NewPasswordChallenge', 'new-password-challenge'],
  ['TokenGeneration_AuthenticateDevice', 'authenticate-device'],
  ['TokenGeneration_RefreshTokens', 'refresh-tokens'],
] as const

/** A fresh copy of a fixture event, so no test sees another's changes. */
export function loadEvent(name: FixtureName): Record<string, unknown> & {
  request: Record<string, unknown> & { userAttributes: Record<string, unknown> }
  callerContext: Record<string, unknown>
} {
  let event = parsed.get(name)
  if (event === undefined) {
    event = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Record<
      string,
      unknown
    >
    parsed.set(name, event)
  }
  return structuredClone(event) as ReturnType<typeof loadEvent>
}
