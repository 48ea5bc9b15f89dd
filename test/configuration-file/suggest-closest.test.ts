import { describe, expect, it } from 'vitest'
import { quoteForMessage } from '../../lib/configuration-file/quote-for-message.js'
import { suggestClosest } from '../../lib/configuration-file/suggest-closest.js'

describe('suggestClosest', () => {
  it.each([
    ['userClaim', ['name', 'userClaims'], 'userClaims'],
    ['integr', ['string', 'integer', 'integer64'], 'integer'],
    ['Integer', ['integer', 'double'], 'integer'],
    ['clientid', ['clientId', 'claims'], 'clientId'],
    ['tenants', ['openid', 'tenant'], 'tenant'],
  ])('suggests the likely key when %j is a typo', (input, candidates, expected) => {
    expect(suggestClosest(input, candidates)).toBe(expected)
  })

  it.each([
    ['banana', ['name', 'userClaims']],
    ['integer', ['integer', 'double']],
    ['x', []],
  ])('suggests nothing when %j is far from every candidate or exact', (input, candidates) => {
    expect(suggestClosest(input, candidates)).toBeUndefined()
  })
})

describe('quoteForMessage', () => {
  it('quotes a short value whole', () => {
    expect(quoteForMessage('abc "x"')).toBe('"abc \\"x\\""')
  })

  it('cuts a long value after 40 characters without splitting one', () => {
    const value = `${'😀'.repeat(40)}tail`
    expect(quoteForMessage(value)).toBe(`"${'😀'.repeat(40)}"…`)
    expect(quoteForMessage('a'.repeat(40))).toBe(`"${'a'.repeat(40)}"`)
  })
})
