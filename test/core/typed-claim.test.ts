import { describe, expect, it } from 'vitest'
import {
  claimOfJsonValue,
  MAX_JSON_DEPTH,
  parseClaimValue,
  readClaim,
  renamedClaim,
  serializeClaims,
  typedClaimValue,
} from '../../lib/core/index.js'

describe('typed claims: parsed once, at the edge', () => {
  it('reads a stored claim once: every token serialized from it carries the same parsed value', () => {
    const claim = readClaim('features', '{"beta": true, "tiers": [1, 2]}', 'json')
    const idToken = serializeClaims([claim], 'token').claims
    const accessToken = serializeClaims([claim], 'token').claims
    expect(idToken.features).toEqual({ beta: true, tiers: [1, 2] })
    expect(accessToken.features).toBe(idToken.features)
  })

  it('keeps a typed value as it arrives, never parsing it back from its text', () => {
    const features = { beta: true, tiers: [1, 2] }
    const claims = [
      claimOfJsonValue('features', features),
      claimOfJsonValue('exp', 1767225600),
      claimOfJsonValue('ratio', 0.5),
      claimOfJsonValue('verified', false),
      claimOfJsonValue('email', 'a@example.com'),
    ]
    expect(claims.map(({ type, value, valueType }) => ({ type, value, valueType }))).toEqual([
      { type: 'features', value: '{"beta":true,"tiers":[1,2]}', valueType: 'json' },
      { type: 'exp', value: '1767225600', valueType: 'integer64' },
      { type: 'ratio', value: '0.5', valueType: 'double' },
      { type: 'verified', value: 'false', valueType: 'boolean' },
      { type: 'email', value: 'a@example.com', valueType: undefined },
    ])
    const serialized = serializeClaims(claims, 'userinfo').claims
    expect(serialized.features).toBe(features)
    expect(serialized).toEqual({
      features,
      exp: 1767225600,
      ratio: 0.5,
      verified: false,
      email: 'a@example.com',
    })
  })

  it('gives a typed json value nested past MAX_JSON_DEPTH the verdict a stored one gets', () => {
    let deep: unknown = 1
    for (let level = 0; level <= MAX_JSON_DEPTH; level++) deep = [deep]
    const claim = claimOfJsonValue('deep', deep as never)
    expect(typedClaimValue(claim)).toEqual(parseClaimValue(claim))
    expect(typedClaimValue(claim).ok).toBe(false)
    expect(serializeClaims([claim], 'token').claims).toEqual({})
  })

  it('reads a changed copy of a claim anew, never with the typed value of the original', () => {
    const tier = readClaim('tier', '3', 'integer')
    expect(serializeClaims([{ ...tier, value: '4' }], 'token').claims).toEqual({ tier: 4 })
  })

  it('keeps the typed value under a new type, and names the new type when the value is invalid', () => {
    const features = readClaim('features', '[1]', 'json')
    const renamed = renamedClaim(features, 'client_features')
    expect(typedClaimValue(renamed)).toBe(typedClaimValue(features))
    const broken = renamedClaim(readClaim('tier', 'x', 'integer'), 'client_tier')
    const typed = typedClaimValue(broken)
    expect(typed.ok ? undefined : typed.error.claimType).toBe('client_tier')
  })
})
