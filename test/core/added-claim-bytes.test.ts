import { describe, expect, it } from 'vitest'
import { addedClaimBytes } from '../../lib/core/index.js'

describe('addedClaimBytes', () => {
  it('adds nothing for no claims', () => {
    expect(addedClaimBytes({})).toBe(0)
  })

  it('counts the JSON members and their joining comma, base64url-encoded', () => {
    // ,"tier":3 is 9 bytes; 12 characters encoded.
    expect(addedClaimBytes({ tier: 3 })).toBe(12)
    // ,"a":"b","c":true is 17 bytes; 23 characters encoded.
    expect(addedClaimBytes({ a: 'b', c: true })).toBe(23)
  })

  it('counts UTF-8 bytes, not characters', () => {
    // ,"n":"é" is 9 bytes (é is two); 12 characters encoded.
    expect(addedClaimBytes({ n: 'é' })).toBe(12)
  })
})
