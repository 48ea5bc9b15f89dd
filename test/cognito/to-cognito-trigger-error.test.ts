import { describe, expect, it } from 'vitest'
import {
  CognitoEventInvalidError,
  CognitoTriggerError,
  TokenSizeBudgetExceededError,
  toCognitoTriggerError,
} from '../../lib/cognito/index.js'
import {
  ClaimsStoreUnavailableError,
  ClaimValueInvalidError,
  UserInactiveError,
} from '../../lib/core/index.js'
import { CorruptItemError } from '../../lib/dynamodb/index.js'

describe('toCognitoTriggerError', () => {
  it.each([
    ['an inactive user', new UserInactiveError(), 'USER_INACTIVE', 'user is not active'],
    [
      'a store failure',
      new ClaimsStoreUnavailableError('DynamoDB GetItem of the user failed', {
        cause: new Error('connect ECONNREFUSED 127.0.0.1:4566 table claims-prod'),
      }),
      'STORE_UNAVAILABLE',
      'claims are temporarily unavailable',
    ],
    [
      'a malformed event',
      new CognitoEventInvalidError('request.userAttributes.sub', 'is missing'),
      'COGNITO_EVENT_INVALID',
      'invalid Cognito event: request.userAttributes.sub is missing',
    ],
    [
      'an oversized token',
      new TokenSizeBudgetExceededError('id', 4000, 2048),
      'TOKEN_SIZE_BUDGET_EXCEEDED',
      'claims exceed the token size budget',
    ],
    [
      'an invalid claim value',
      new ClaimValueInvalidError('salary_band', 'integer', 'not-a-number'),
      'CLAIM_VALUE_INVALID',
      'claims could not be issued',
    ],
    [
      'a corrupt user item',
      new CorruptItemError({ pk: 'USER#user-1', sk: 'PROFILE' }, 'active', 'is not a boolean'),
      'STORE_ITEM_CORRUPT',
      'claims could not be issued',
    ],
    [
      'anything unexpected',
      new TypeError("Cannot read properties of undefined (reading 'Item') at /var/task/index.js:1"),
      'INTERNAL_ERROR',
      'an internal error occurred',
    ],
    [
      'a thrown string',
      'arn:aws:dynamodb:us-east-1:123456789012:table/claims',
      'INTERNAL_ERROR',
      'an internal error occurred',
    ],
  ])('gives %s a safe message', (_, error, code, message) => {
    const safe = toCognitoTriggerError(error)
    expect(safe).toBeInstanceOf(CognitoTriggerError)
    expect(safe.code).toBe(code)
    expect(safe.message).toBe(message)
    expect(safe.cause).toBeUndefined()
  })

  it('leaves an error that is already safe as it is', () => {
    const safe = new CognitoTriggerError('USER_INACTIVE', 'user is not active')
    expect(toCognitoTriggerError(safe)).toBe(safe)
  })
})
