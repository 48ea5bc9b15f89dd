import { describe, expect, it } from 'vitest'
import {
  ClaimsmithError,
  ClaimsStoreUnavailableError,
  UserInactiveError,
} from '../../lib/core/index.js'

describe('UserInactiveError', () => {
  it('has the USER_INACTIVE code and a message safe to show a client', () => {
    const error = new UserInactiveError()
    expect(error).toBeInstanceOf(ClaimsmithError)
    expect(error.name).toBe('UserInactiveError')
    expect(error.code).toBe('USER_INACTIVE')
    expect(error.message).toBe('user is not active')
  })
})

describe('ClaimsStoreUnavailableError', () => {
  it('has the STORE_UNAVAILABLE code and keeps its cause', () => {
    const cause = new Error('ECONNREFUSED 127.0.0.1:8000')
    const error = new ClaimsStoreUnavailableError('the claims store did not answer in time', {
      cause,
    })
    expect(error).toBeInstanceOf(ClaimsmithError)
    expect(error.name).toBe('ClaimsStoreUnavailableError')
    expect(error.code).toBe('STORE_UNAVAILABLE')
    expect(error.cause).toBe(cause)
    expect(error.message).not.toContain('ECONNREFUSED')
  })
})
