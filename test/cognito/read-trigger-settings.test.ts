import { describe, expect, it } from 'vitest'
import { readTriggerSettings, TRIGGER_SETTINGS_DEFAULTS } from '../../lib/cognito/index.js'
import { SettingsError } from '../../lib/settings/index.js'

describe('readTriggerSettings', () => {
  it('fails closed, omits invalid claims and logs oversized tokens by default', () => {
    expect(readTriggerSettings({})).toEqual({
      onStoreError: 'fail',
      deadlineMarginMs: 300,
      onInvalidClaim: 'omit',
      tokenSizeBudgetBytes: 2048,
      tokenSizePolicy: 'log',
    })
    expect(readTriggerSettings({})).toEqual(TRIGGER_SETTINGS_DEFAULTS)
  })

  it('reads every setting', () => {
    expect(
      readTriggerSettings({
        ON_STORE_ERROR: 'omit',
        DEADLINE_MARGIN_MS: '500',
        ON_INVALID_CLAIM: 'fail',
        TOKEN_SIZE_BUDGET_BYTES: '4096',
        TOKEN_SIZE_POLICY: 'fail',
      }),
    ).toEqual({
      onStoreError: 'omit',
      deadlineMarginMs: 500,
      onInvalidClaim: 'fail',
      tokenSizeBudgetBytes: 4096,
      tokenSizePolicy: 'fail',
    })
  })

  it.each([
    ['ON_STORE_ERROR', 'ignore'],
    ['DEADLINE_MARGIN_MS', 'soon'],
    ['DEADLINE_MARGIN_MS', '5000'],
    ['ON_INVALID_CLAIM', 'drop'],
    ['TOKEN_SIZE_BUDGET_BYTES', '0'],
    ['TOKEN_SIZE_POLICY', 'warn'],
  ])('fails the cold start naming %s when it is %j', (variable, value) => {
    expect(() => readTriggerSettings({ [variable]: value })).toThrow(SettingsError)
    expect(() => readTriggerSettings({ [variable]: value })).toThrow(new RegExp(`^${variable}: `))
  })
})
