import { describe, expect, it } from 'vitest'
import { serializeClaims } from '../../lib/core/index.js'
import { subjectFromAccessToken } from '../../lib/userinfo/index.js'

const payload = {
  sub: 'user-1',
  client_id: 'web-app',
  token_use: 'access',
  scope: 'openid email',
  'cognito:groups': ['admins', 'editors'],
  auth_time: 1_700_000_000,
  ratio: 0.5,
  flag: true,
  nested: { a: [1, 2] },
  mixed: ['a', 1],
}

describe('subjectFromAccessToken', () => {
  const subject = subjectFromAccessToken({
    sub: 'user-1',
    clientId: 'web-app',
    scopes: ['openid', 'email'],
    payload,
  })

  it("keys the subject by the token's sub", () => {
    expect(subject.sub).toBe('user-1')
  })

  it('turns every claim into stored-claim form with a value type that keeps its JSON type', () => {
    expect(subject.claims).toEqual([
      { type: 'sub', value: 'user-1' },
      { type: 'client_id', value: 'web-app' },
      { type: 'token_use', value: 'access' },
      { type: 'scope', value: 'openid email' },
      { type: 'cognito:groups', value: 'admins' },
      { type: 'cognito:groups', value: 'editors' },
      { type: 'auth_time', value: '1700000000', valueType: 'integer64' },
      { type: 'ratio', value: '0.5', valueType: 'double' },
      { type: 'flag', value: 'true', valueType: 'boolean' },
      { type: 'nested', value: '{"a":[1,2]}', valueType: 'json' },
      { type: 'mixed', value: '["a",1]', valueType: 'json' },
    ])
  })

  it('round-trips through serialization to the JSON the token carried', () => {
    const { claims, invalid } = serializeClaims(subject.claims, 'userinfo')
    expect(invalid).toEqual([])
    expect({ ...claims }).toEqual(payload)
  })
})
