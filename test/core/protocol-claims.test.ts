import { describe, expect, it } from 'vitest'
import {
  COGNITO_RESERVED_CLAIM_PREFIXES,
  COGNITO_RESERVED_CLAIM_TYPES,
  claimTypeRestriction,
  isEmittableClaimType,
  PROTOCOL_CLAIM_TYPES,
} from '../../lib/core/index.js'

// docs/claims.md, "Claims that are never sent".
const PROTOCOL = [
  'at_hash',
  'aud',
  'amr',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'exp',
  'idp',
  'iat',
  'iss',
  'jti',
  'nonce',
  'nbf',
  'reference_token_id',
  'sid',
  'sub',
  'scope',
  'cnf',
]
const RESERVED = [
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'event_id',
  'client_id',
  'scope',
  'version',
  'device_key',
  'username',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
]

describe('PROTOCOL_CLAIM_TYPES and COGNITO_RESERVED_CLAIM_TYPES', () => {
  it('hold exactly the lists of docs/claims.md, "Claims that are never sent" and the Cognito prefixes', () => {
    expect([...PROTOCOL_CLAIM_TYPES].sort()).toEqual([...PROTOCOL].sort())
    expect([...COGNITO_RESERVED_CLAIM_TYPES].sort()).toEqual([...RESERVED].sort())
    expect([...COGNITO_RESERVED_CLAIM_PREFIXES].sort()).toEqual(['cognito:', 'dev:'])
  })
})

describe('claimTypeRestriction', () => {
  it.each(PROTOCOL)('says protocol for %s', (type) => {
    expect(claimTypeRestriction(type)).toBe('protocol')
    expect(isEmittableClaimType(type)).toBe(false)
  })

  it.each([
    ...RESERVED.filter((type) => !PROTOCOL.includes(type)),
    'dev:',
    'dev:anything',
    'cognito:',
    'cognito:custom',
  ])('says reserved for %s', (type) => {
    expect(claimTypeRestriction(type)).toBe('reserved')
    expect(isEmittableClaimType(type)).toBe(false)
  })

  it.each([
    'tenant_id',
    'email',
    'custom:dev',
    'custom:cognito:x',
    'developer',
    'Tenant_ID',
    '名前',
    'custom:région',
    '__proto__',
    '',
  ])('allows %s', (type) => {
    expect(claimTypeRestriction(type)).toBeUndefined()
    expect(isEmittableClaimType(type)).toBe(true)
  })
})

describe('claim types that only look harmless', () => {
  it.each([
    ['Sub', 'protocol'],
    ['AUD', 'protocol'],
    ['Client_Id', 'protocol'],
    ['ſub', 'protocol'],
    ['COGNITO:GROUPS', 'reserved'],
    ['Cognito:Anything', 'reserved'],
    ['DEV:x', 'reserved'],
    ['Token_Use', 'reserved'],
    ['tenant\u0000id', 'control-character'],
    ['tenant\u0007', 'control-character'],
    ['tenant\nid', 'control-character'],
    ['tenant\u0085id', 'control-character'],
    ['tenant\u200bid', 'format-character'],
    ['\ufeffsub', 'format-character'],
    ['su\u200db', 'format-character'],
    ['tenant\u202eid', 'format-character'],
    ['tenant\u00adid', 'format-character'],
    [' tenant_id', 'whitespace'],
    ['tenant_id ', 'whitespace'],
    ['tenant id', 'whitespace'],
    ['tenant\u00a0id', 'whitespace'],
    ['tenant\u3000id', 'whitespace'],
    ['tenant\u2028id', 'whitespace'],
  ])('refuses %j: %s', (type, restriction) => {
    expect(claimTypeRestriction(type)).toBe(restriction)
    expect(isEmittableClaimType(type)).toBe(false)
  })
})
