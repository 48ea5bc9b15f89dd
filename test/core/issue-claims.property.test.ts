import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Claim,
  COGNITO_RESERVED_CLAIM_PREFIXES,
  COGNITO_RESERVED_CLAIM_TYPES,
  clientClaims,
  DefaultProfileService,
  issueClaims,
  PROTOCOL_CLAIM_TYPES,
  type ProfileDataCaller,
  ProfileDataCallers,
  type ProfileService,
  requestedClaimTypes,
  resolveRequestedResources,
} from '../../lib/core/index.js'
import { aClient, aSubject, inMemoryClaimsStore } from './fixtures.js'

const claimType = fc.oneof(
  fc.string(),
  fc.constantFrom('email', 'role', 'tenant_id', 'Email', '__proto__'),
  fc.constantFrom(...PROTOCOL_CLAIM_TYPES),
  fc.constantFrom(...COGNITO_RESERVED_CLAIM_TYPES),
  fc
    .tuple(fc.constantFrom(...COGNITO_RESERVED_CLAIM_PREFIXES), fc.string())
    .map(([prefix, rest]) => `${prefix}${rest}`),
)

const claim: fc.Arbitrary<Claim> = fc.record({
  type: claimType,
  value: fc.string(),
  valueType: fc.option(fc.constantFrom('string', 'integer', 'json'), { nil: undefined }),
})

const claims = fc.array(claim, { maxLength: 10 })

const caller = fc.constantFrom<ProfileDataCaller>(...Object.values(ProfileDataCallers))

/** Protocol or reserved in any case, or a type with a control, format or white-space character. */
function isProtocolOrReserved(type: string): boolean {
  if (/[\p{Cc}\p{Cf}\p{Z}\s]/u.test(type)) return true
  return [type.toLowerCase(), type.toUpperCase().toLowerCase()].some(
    (name) =>
      PROTOCOL_CLAIM_TYPES.has(name) ||
      COGNITO_RESERVED_CLAIM_TYPES.has(name) ||
      COGNITO_RESERVED_CLAIM_PREFIXES.some((prefix) => name.startsWith(prefix)),
  )
}

describe('issueClaims (properties)', () => {
  it('never emits a type outside requestedClaimTypes nor a protocol or reserved type with the default profile service', async () => {
    await fc.assert(
      fc.asyncProperty(
        claims,
        claims,
        fc.array(claimType, { maxLength: 8 }),
        caller,
        async (stored, subjectClaims, requested, caller) => {
          const store = inMemoryClaimsStore([{ sub: 'user-1', active: true, claims: stored }])
          const { claims: issued, restricted } = await issueClaims({
            profileService: new DefaultProfileService(store),
            subject: aSubject(subjectClaims),
            client: aClient(),
            caller,
            requestedClaimTypes: requested,
          })
          for (const { type } of issued) {
            expect(requested).toContain(type)
            expect(isProtocolOrReserved(type)).toBe(false)
          }
          for (const entry of restricted) {
            expect(entry.source).toBe('profile')
            expect(requested).toContain(entry.type)
            expect(isProtocolOrReserved(entry.type)).toBe(true)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never emits a protocol or reserved type whatever a custom profile service or a client offers', async () => {
    await fc.assert(
      fc.asyncProperty(
        claims,
        claims,
        fc.oneof(fc.constantFrom('', 'client_', ...COGNITO_RESERVED_CLAIM_PREFIXES), fc.string()),
        fc.boolean(),
        fc.boolean(),
        caller,
        async (pushed, fromClient, clientClaimsPrefix, alwaysSendClientClaims, hasUser, caller) => {
          const profileService: ProfileService = {
            async getProfileData(context) {
              context.issuedClaims.push(...pushed)
            },
            async isActive() {},
          }
          const client = aClient({ claims: fromClient, clientClaimsPrefix, alwaysSendClientClaims })
          const { claims: issued, restricted } = await issueClaims({
            profileService,
            subject: hasUser ? aSubject() : undefined,
            client,
            caller,
            requestedClaimTypes: [],
          })
          const offered =
            (hasUser ? pushed.length : 0) + clientClaims({ client, caller, hasUser }).length
          expect(issued.length + restricted.length).toBe(offered)
          for (const { type } of issued) expect(isProtocolOrReserved(type)).toBe(false)
          for (const { type } of restricted) expect(isProtocolOrReserved(type)).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('requestedClaimTypes (properties)', () => {
  it('never requests a protocol or reserved type', () => {
    const resource = fc.record({
      name: fc.constantFrom('openid', 'profile', 'email', 'tenant', 'orders/read'),
      userClaims: fc.array(claimType, { maxLength: 6 }),
    })
    fc.assert(
      fc.property(
        fc.array(resource, { maxLength: 4 }),
        fc.array(resource, { maxLength: 4 }),
        fc.array(fc.constantFrom('openid', 'profile', 'email', 'tenant', 'orders/read'), {
          maxLength: 5,
        }),
        caller,
        (identityResources, apiScopes, scopes, caller) => {
          const resolved = resolveRequestedResources({
            scopes,
            client: aClient(),
            resources: {
              identityResources,
              apiScopes,
              apiResources: apiScopes.map((s) => ({
                ...s,
                name: `api-${s.name}`,
                scopes: [s.name],
              })),
            },
          })
          for (const type of requestedClaimTypes(resolved, caller)) {
            expect(isProtocolOrReserved(type)).toBe(false)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
