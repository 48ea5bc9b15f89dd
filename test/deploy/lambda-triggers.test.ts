import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider'
import { describe, expect, it } from 'vitest'
import {
  ARN_TRIGGERS,
  foreignTriggers,
  type LambdaTriggers,
  restoreTriggers,
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

describe('foreignTriggers', () => {
  const PREVIOUS: LambdaTriggers = {
    PreAuthentication: arn('claimsmith-prod-pre-authentication-old'),
    PreTokenGenerationConfig: {
      LambdaArn: arn('claimsmith-prod-pre-token-generation-old'),
      LambdaVersion: 'V1_0',
    },
  }

  it('finds nothing on a pool with only other kinds of triggers', () => {
    expect(foreignTriggers(OTHER_TRIGGERS, OUR_TRIGGERS, [OUR_TRIGGERS])).toEqual({})
    expect(foreignTriggers(undefined, OUR_TRIGGERS, [OUR_TRIGGERS])).toEqual({})
  })

  it('finds nothing where the triggers already point at ours, in any version', () => {
    const current = withTriggers(OTHER_TRIGGERS, {
      ...OUR_TRIGGERS,
      PreTokenGenerationConfig: { LambdaArn: OURS_PRE_TOKEN, LambdaVersion: 'V3_0' },
    })
    expect(foreignTriggers(current, OUR_TRIGGERS, [OUR_TRIGGERS])).toEqual({})
  })

  it('counts the functions of every set given as ours', () => {
    const current = withTriggers(OTHER_TRIGGERS, PREVIOUS)
    expect(foreignTriggers(current, OUR_TRIGGERS, [OUR_TRIGGERS])).toEqual({
      PreAuthentication: PREVIOUS.PreAuthentication,
      PreTokenGeneration: PREVIOUS.PreTokenGenerationConfig?.LambdaArn,
      PreTokenGenerationConfig: PREVIOUS.PreTokenGenerationConfig,
    })
    expect(foreignTriggers(current, OUR_TRIGGERS, [PREVIOUS, OUR_TRIGGERS])).toEqual({})
  })

  it.each<[string, LambdaConfigType, LambdaConfigType]>([
    ['an ARN trigger', { PreAuthentication: THEIRS }, { PreAuthentication: THEIRS }],
    [
      'the legacy pre-token member alone',
      { PreTokenGeneration: THEIRS },
      { PreTokenGeneration: THEIRS },
    ],
    [
      'the pre-token config alone',
      { PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V1_0' } },
      { PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V1_0' } },
    ],
  ])('finds %s pointing elsewhere', (_name, theirs, found) => {
    expect(foreignTriggers({ ...OTHER_TRIGGERS, ...theirs }, OUR_TRIGGERS, [OUR_TRIGGERS])).toEqual(
      found,
    )
  })

  it('looks only at the triggers it would write', () => {
    const current = { ...OTHER_TRIGGERS, PreAuthentication: THEIRS, PreTokenGeneration: THEIRS }
    const preAuthOnly = { PreAuthentication: OURS_PRE_AUTH }
    expect(foreignTriggers(current, preAuthOnly, [preAuthOnly])).toEqual({
      PreAuthentication: THEIRS,
    })
  })
})

describe('restoreTriggers', () => {
  const REPLACED = {
    PreAuthentication: THEIRS,
    PreTokenGeneration: THEIRS,
    PreTokenGenerationConfig: { LambdaArn: THEIRS, LambdaVersion: 'V1_0' as const },
  }

  it('puts back what was replaced and keeps every other trigger', () => {
    const attached = withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS)
    expect(restoreTriggers(attached, OUR_TRIGGERS, REPLACED)).toEqual({
      ...OTHER_TRIGGERS,
      ...REPLACED,
    })
  })

  it('takes the triggers off when nothing was replaced', () => {
    const attached = withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS)
    expect(restoreTriggers(attached, OUR_TRIGGERS, {})).toEqual(OTHER_TRIGGERS)
  })

  it('restores a legacy-only pre-token trigger as it was', () => {
    const attached = withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS)
    expect(restoreTriggers(attached, OUR_TRIGGERS, { PreTokenGeneration: THEIRS })).toEqual({
      ...OTHER_TRIGGERS,
      PreTokenGeneration: THEIRS,
    })
  })

  it('leaves a trigger someone pointed elsewhere since, and restores the rest', () => {
    const later = arn('later')
    const attached = { ...withTriggers(OTHER_TRIGGERS, OUR_TRIGGERS), PreAuthentication: later }
    expect(restoreTriggers(attached, OUR_TRIGGERS, REPLACED)).toEqual({
      ...OTHER_TRIGGERS,
      ...REPLACED,
      PreAuthentication: later,
    })
  })

  it('restores nothing on a pool whose triggers are already gone', () => {
    expect(restoreTriggers(OTHER_TRIGGERS, OUR_TRIGGERS, REPLACED)).toEqual(OTHER_TRIGGERS)
  })
})
