import { describe, expect, it } from 'vitest'
import { cognitoSubject } from '../../lib/cognito/index.js'
import { serializeClaims } from '../../lib/core/index.js'

const user = (attributes: Record<string, string>, userName = 'jane') => ({
  userName,
  sub: attributes.sub ?? 's-1',
  attributes: new Map(Object.entries(attributes)),
})

describe('cognitoSubject', () => {
  it('keys the subject by sub and adds the user name as cognito:username', () => {
    const subject = cognitoSubject(user({ sub: 's-1', email: 'a@example.com' }))
    expect(subject.sub).toBe('s-1')
    expect(subject.claims).toEqual([
      { type: 'sub', value: 's-1' },
      { type: 'email', value: 'a@example.com' },
      { type: 'cognito:username', value: 'jane' },
    ])
  })

  it('types the verified flags as booleans and updated_at as an integer, and the rest as strings', () => {
    const subject = cognitoSubject(
      user({
        sub: 's-1',
        email_verified: 'true',
        phone_number_verified: 'False',
        updated_at: '1700000000',
        'custom:tier': '3',
      }),
    )
    expect(serializeClaims(subject.claims, 'token').claims).toEqual({
      sub: 's-1',
      email_verified: true,
      phone_number_verified: false,
      updated_at: 1_700_000_000,
      'custom:tier': '3',
      'cognito:username': 'jane',
    })
  })

  it('takes the user name from userName, not from an attribute of that name', () => {
    const subject = cognitoSubject(user({ sub: 's-1', 'cognito:username': 'mallory' }, 'jane'))
    expect(subject.claims.filter((claim) => claim.type === 'cognito:username')).toEqual([
      { type: 'cognito:username', value: 'jane' },
    ])
  })
})
