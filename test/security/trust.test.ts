import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { ClaimsConfiguration, StoredUser } from '../../lib/core/index.js'
import { CLIENT_DEFAULTS } from '../../lib/core/index.js'
import { loadEvent, USER_SOURCE_FIXTURES } from '../cognito/support/events.js'
import { reportFigures, tokenClaims } from '../reliability/support/trigger-harness.js'
import { inMemoryTriggers, NO_DEADLINE } from './support/in-memory-triggers.js'

const SUB = 'trust-user-0001'
const INACTIVE = 'trust-user-0002'
const CLIENT = 'trust-client'

/**
 * Claim types a user can write as Cognito attributes (standard and custom),
 * and types only the store should speak for. Events here may carry any of
 * them as attributes, more than Cognito itself would allow.
 */
const TYPES = [
  'email',
  'name',
  'given_name',
  'website',
  'locale',
  'picture',
  'custom:tenant_id',
  'custom:role',
  'tenant_id',
  'role',
] as const

const CONFIGURATION: ClaimsConfiguration = {
  identityResources: [{ name: 'all', userClaims: [...TYPES] }],
  apiScopes: [{ name: 'api/all', userClaims: [...TYPES] }],
  apiResources: [],
  clients: new Map([
    [
      CLIENT,
      {
        clientId: CLIENT,
        allowedScopes: ['openid', 'all', 'api/all'],
        claims: [],
        ...CLIENT_DEFAULTS,
      },
    ],
  ]),
}

const types = fc.subarray([...TYPES])
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })

const scenario = fc
  .record({
    stored: fc.dictionary(fc.constantFrom(...TYPES), text, { maxKeys: TYPES.length }),
    invalid: types,
    attributes: fc.dictionary(fc.constantFrom(...TYPES), text, { maxKeys: TYPES.length }),
    version: fc.constantFrom('1', '2', '3'),
    source: fc.constantFrom(...USER_SOURCE_FIXTURES.map(([, source]) => source)),
  })
  .map(({ stored, invalid, attributes, version, source }) => {
    const valid = Object.fromEntries(
      Object.entries(stored).map(([type, value]) => [type, `stored:${value}`]),
    )
    const broken = invalid.filter((type) => !(type in valid))
    // The attacker's values never equal the stored ones.
    const written = Object.fromEntries(
      Object.entries(attributes).map(([type, value]) => [type, `attacker:${value}`]),
    )
    return { valid, broken, written, version, source }
  })

const tally = { cases: 0, storedClaimsChecked: 0, attributeOnlyPassedOn: 0 }

describe('user-writable attributes against stored claims, through the handler', () => {
  afterAll(() => {
    reportFigures('security', 'trust: attributes against stored claims', {
      ...tally,
      overridden: 0,
    })
  })

  it('never lets an attribute override, replace or stand in for a stored claim', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ valid, broken, written, version, source }) => {
        const user: StoredUser = {
          sub: SUB,
          active: true,
          claims: [
            ...Object.entries(valid).map(([type, value]) => ({ type, value })),
            // Stored, but not readable as its type: left out of the token, never replaced.
            ...broken.map((type) => ({ type, value: 'not-a-number', valueType: 'integer' })),
          ],
        }
        const triggers = inMemoryTriggers({ users: [user], configuration: CONFIGURATION })
        const event = loadEvent(
          `pre-token-generation-v${version}-${source}` as 'pre-token-generation-v2-hosted-auth',
        )
        event.callerContext.clientId = CLIENT
        event.request.userAttributes = { ...written, sub: SUB }
        if (version !== '1') event.request.scopes = ['openid', 'all', 'api/all']
        const { response } = await triggers.preTokenGeneration(event, NO_DEADLINE)

        const idToken = tokenClaims(response, 'id') ?? {}
        const accessToken = tokenClaims(response, 'access') ?? {}
        for (const [name, claims] of [
          ['id', idToken],
          ['access', accessToken],
        ] as const) {
          for (const [type, value] of Object.entries(claims)) {
            if (type in valid) expect(value, `${name} ${type}`).toBe(valid[type])
            else if (broken.includes(type as never))
              throw new Error(`${name} token carries ${type}, stored but invalid`)
            // An attribute speaks only for its own name, and only where the store is silent.
            else expect(value, `${name} ${type}`).toBe(written[type])
          }
        }
        tally.cases += 1
        tally.storedClaimsChecked += Object.keys(valid).length
        tally.attributeOnlyPassedOn += Object.keys(accessToken).filter(
          (type) => !(type in valid),
        ).length
        for (const [type, value] of Object.entries(valid)) {
          // Cognito writes the attribute into the ID token; the trigger's value replaces it.
          expect(idToken[type] ?? written[type], `id ${type}`).toBe(value)
          if (version !== '1') expect(accessToken[type], `access ${type}`).toBe(value)
        }
        for (const type of broken) {
          expect(idToken).not.toHaveProperty(type)
          expect(accessToken).not.toHaveProperty(type)
        }
      }),
      { numRuns: 1_500 },
    )
  })

  it('never lets attributes make an inactive user active, in either trigger', async () => {
    const triggers = inMemoryTriggers({
      users: [{ sub: INACTIVE, active: false, claims: [{ type: 'role', value: 'admin' }] }],
      configuration: CONFIGURATION,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'active',
            'custom:active',
            'custom:status',
            'cognito:user_status',
            ...TYPES,
          ),
          fc.constantFrom('true', 'TRUE', '1', 'CONFIRMED', 'active'),
        ),
        fc.constantFrom('1', '2', '3'),
        async (attributes, version) => {
          const token = loadEvent(
            `pre-token-generation-v${version}-refresh-tokens` as 'pre-token-generation-v2-refresh-tokens',
          )
          token.callerContext.clientId = CLIENT
          token.request.userAttributes = { ...attributes, sub: INACTIVE }
          await expect(triggers.preTokenGeneration(token, NO_DEADLINE)).rejects.toThrow(
            'user is not active',
          )
          const authentication = loadEvent('pre-authentication')
          authentication.request.userAttributes = { ...attributes, sub: INACTIVE }
          await expect(triggers.preAuthentication(authentication, NO_DEADLINE)).rejects.toThrow(
            'user is not active',
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('passes on a mapped user-writable attribute where the store has no claim of its type (residual risk, by design)', async () => {
    const triggers = inMemoryTriggers({
      users: [{ sub: SUB, active: true, claims: [{ type: 'tenant_id', value: '42' }] }],
      configuration: CONFIGURATION,
    })
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    event.callerContext.clientId = CLIENT
    event.request.userAttributes = { sub: SUB, 'custom:tenant_id': '7', tenant_id: '7' }
    event.request.scopes = ['openid', 'api/all']
    const { response } = await triggers.preTokenGeneration(event, NO_DEADLINE)
    // The stored tenant_id wins; custom:tenant_id is the user's own and is passed on as theirs.
    expect(tokenClaims(response, 'access')).toEqual({ tenant_id: '42', 'custom:tenant_id': '7' })
  })

  it('reads the user by the sub attribute only: a user name or cognito:username naming another user changes nothing', async () => {
    const triggers = inMemoryTriggers({
      users: [
        { sub: SUB, active: true, claims: [{ type: 'role', value: 'user' }] },
        { sub: 'admin-0001', active: true, claims: [{ type: 'role', value: 'admin' }] },
      ],
      configuration: CONFIGURATION,
    })
    const event = loadEvent('pre-token-generation-v2-hosted-auth')
    event.callerContext.clientId = CLIENT
    event.userName = 'admin-0001'
    event.request.userAttributes = {
      sub: SUB,
      'cognito:username': 'admin-0001',
      username: 'admin-0001',
    }
    event.request.scopes = ['openid', 'all', 'api/all']
    const { response } = await triggers.preTokenGeneration(event, NO_DEADLINE)
    expect(tokenClaims(response, 'id')).toEqual({ role: 'user' })
    expect(tokenClaims(response, 'access')).toEqual({ role: 'user' })
  })
})
