import { describe, expect, it } from 'vitest'
import { SettingsError } from '../../lib/settings/index.js'
import { readUserInfoSettings } from '../../lib/userinfo/index.js'

const POOL = { USER_POOL_ID: 'eu-west-1_AbC123', AWS_REGION: 'eu-west-1' }

function settingsError(env: Record<string, string>): SettingsError {
  try {
    readUserInfoSettings(env)
  } catch (error) {
    if (error instanceof SettingsError) return error
    throw error
  }
  throw new Error('expected a SettingsError')
}

describe('readUserInfoSettings', () => {
  it("derives Cognito's issuer and key set from the user pool id", () => {
    const settings = readUserInfoSettings(POOL)
    expect(settings.issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123')
    expect(settings.jwksUrl.href).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123/.well-known/jwks.json',
    )
  })

  it('takes the region from the pool id when the function runs in another region', () => {
    const settings = readUserInfoSettings({
      USER_POOL_ID: 'us-east-1_Xyz',
      AWS_REGION: 'eu-west-1',
    })
    expect(settings.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Xyz')
  })

  it('applies the defaults when only the issuer is set', () => {
    expect(readUserInfoSettings(POOL)).toMatchObject({
      clockToleranceSeconds: 5,
      allowedClientIds: undefined,
      corsOrigins: [],
      deadlineMarginMs: 500,
    })
  })

  it('prefers ISSUER and JWKS_URL when they are set', () => {
    const settings = readUserInfoSettings({
      ...POOL,
      ISSUER: 'http://127.0.0.1:9229/local_pool',
      JWKS_URL: 'http://localhost:9229/local_pool/jwks',
    })
    expect(settings.issuer).toBe('http://127.0.0.1:9229/local_pool')
    expect(settings.jwksUrl.href).toBe('http://localhost:9229/local_pool/jwks')
  })

  it('reads the tolerance, allow-list, CORS origins and deadline margin', () => {
    const settings = readUserInfoSettings({
      ...POOL,
      USERINFO_CLOCK_TOLERANCE_SECONDS: '30',
      USERINFO_ALLOWED_CLIENT_IDS: 'web-app, mobile-app',
      USERINFO_CORS_ORIGINS: 'https://app.example.com,https://*.example.org http://localhost:3000',
      DEADLINE_MARGIN_MS: '250',
    })
    expect(settings.clockToleranceSeconds).toBe(30)
    expect([...(settings.allowedClientIds ?? [])]).toEqual(['web-app', 'mobile-app'])
    expect(settings.corsOrigins).toEqual([
      'https://app.example.com',
      'https://*.example.org',
      'http://localhost:3000',
    ])
    expect(settings.deadlineMarginMs).toBe(250)
  })

  it.each([
    [{}, 'ISSUER', 'is required when USER_POOL_ID is not set'],
    [{ USER_POOL_ID: 'AbC123' }, 'USER_POOL_ID', 'must look like "<region>_<id>"'],
    [{ ISSUER: 'not a url' }, 'ISSUER', 'must be an absolute URL'],
    [{ ISSUER: 'http://issuer.example.com/pool' }, 'ISSUER', 'must be an https URL'],
    [{ ISSUER: 'https://issuer.example.com/pool/' }, 'ISSUER', 'must not end with "/"'],
    [{ ...POOL, JWKS_URL: 'ftp://keys.example.com' }, 'JWKS_URL', 'must be an https URL'],
    [
      { ...POOL, USERINFO_CLOCK_TOLERANCE_SECONDS: '600' },
      'USERINFO_CLOCK_TOLERANCE_SECONDS',
      'between 0 and 120',
    ],
    [
      { ...POOL, USERINFO_CLOCK_TOLERANCE_SECONDS: '1.5' },
      'USERINFO_CLOCK_TOLERANCE_SECONDS',
      'whole number',
    ],
    [
      { ...POOL, USERINFO_CORS_ORIGINS: 'https://app.example.com/path' },
      'USERINFO_CORS_ORIGINS',
      'is not an origin',
    ],
    [{ ...POOL, DEADLINE_MARGIN_MS: '-1' }, 'DEADLINE_MARGIN_MS', 'between 0 and 10000'],
  ])('fails naming the variable for %o', (env, variable, problem) => {
    const error = settingsError(env as Record<string, string>)
    expect(error.variable).toBe(variable)
    expect(error.message).toContain(variable)
    expect(error.message).toContain(problem)
  })
})
