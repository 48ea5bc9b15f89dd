import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import {
  ARN_TRIGGERS,
  type LambdaTriggers,
  withoutTriggers,
  withTriggers,
} from '../../lib/deploy/lambda-triggers.js'

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`
const OURS_PRE_TOKEN = arn('claimsmith-prod-pre-token-generation')
const OURS_PRE_AUTH = arn('claimsmith-prod-pre-authentication')
const THEIRS = arn('someone-else')

const OUR_TRIGGERS: LambdaTriggers = {
  PreAuthentication: OURS_PRE_AUTH,
  PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: 'V2_0' },
}

/** A pool whose other triggers and custom senders must survive any change. */
const OTHER_TRIGGERS: LambdaConfigType = {
  PreSignUp: arn('pre-sign-up'),
  CustomMessage: arn('custom-message'),
  PostConfirmation: arn('post-confirmation'),
  PostAuthentication: arn('post-authentication'),
  DefineAuthChallenge: arn('define-auth-challenge'),
  CreateAuthChallenge: arn('create-auth-challenge'),
  VerifyAuthChallengeResponse: arn('verify-auth-challenge'),
  UserMigration: arn('user-migration'),
  CustomSMSSender: { LambdaArn: arn('sms-sender'), LambdaVersion: 'V1_0' },
  CustomEmailSender: { LambdaArn: arn('email-sender'), LambdaVersion: 'V1_0' },
  KMSKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
}

describe('withTriggers', () => {
  it('sets the triggers on a pool that has none', () => {
    expect(withTriggers(undefined, OUR_TRIGGERS)).toEqual({
      PreAuthentication: OURS_PRE_AUTH,
      PreTokenGeneration: OURS_PRE_TOKEN,
      PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: 'V2_0' },
    })
  })

  it('keeps every other trigger, the custom senders and their KMS key', () => {
    expect(withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS)).toEqual({
      ...OTHER_TRIGGERS,
      PreAuthentication: OURS_PRE_AUTH,
      PreTokenGeneration: OURS_PRE_TOKEN,
      PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: 'V2_0' },
    })
  })

  it('replaces a legacy PreTokenGeneration ARN so that both forms agree, as Cognito requires', () => {
    const result = withTriggers({ PreTokenGeneration: THEIRS }, OUR_TRIGGERS)
    expect(result.PreTokenGeneration).toBe(OURS_PRE_TOKEN)
    expect(result.PreTokenGenerationConfig?.LambdaArn).toBe(OURS_PRE_TOKEN)
  })

  it.each(['V1_0', 'V2_0', 'V3_0'] as const)('sets trigger version %s', (version) => {
    const result = withTriggers(
      { PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: 'V1_0' } },
      { PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: version } },
    )
    expect(result.PreTokenGenerationConfig).toEqual({
      LambdaArn: OURS_PRE_TOKEN,
      LambdaVersion: version,
    })
  })

  it.each(ARN_TRIGGERS)('sets %s alone and nothing else', (trigger) => {
    expect(withTriggers({}, { [trigger]: OURS_PRE_AUTH })).toEqual({ [trigger]: OURS_PRE_AUTH })
  })

  it('does not modify its input', () => {
    const current = structuredClone(OTHER_TRIGGERS)
    withTriggers(current, OUR_TRIGGERS)
    expect(current).toEqual(OTHER_TRIGGERS)
  })
})

describe('withoutTriggers', () => {
  it('removes the triggers that still point at our functions and keeps the rest', () => {
    const attached = withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS)
    expect(withoutTriggers(attached, OUR_TRIGGERS)).toEqual(OTHER_TRIGGERS)
  })

  it('leaves triggers that now point at other functions alone', () => {
    const replaced: LambdaConfigType = {
      PreAuthentication: THEIRS,
      PreTokenGeneration: THEIRS,
      PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V3_0' },
    }
    expect(withoutTriggers(replaced, OUR_TRIGGERS)).toEqual(replaced)
  })

  it('removes a legacy-only PreTokenGeneration that points at our function', () => {
    expect(withoutTriggers({ PreTokenGeneration: OURS_PRE_TOKEN }, OUR_TRIGGERS)).toEqual({})
  })

  it('is a no-op on a pool without triggers', () => {
    expect(withoutTriggers(undefined, OUR_TRIGGERS)).toEqual({})
  })

  it.each(ARN_TRIGGERS)('undoes withTriggers for %s', (trigger) => {
    const before = structuredClone(OTHER_TRIGGERS)
    delete before[trigger]
    const owned = { [trigger]: OURS_PRE_AUTH }
    expect(withoutTriggers(withTriggers(before, owned), owned)).toEqual(before)
  })
})
