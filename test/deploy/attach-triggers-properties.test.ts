import { describe, expect, it } from 'vitest'
import { parseAttachTriggersProperties } from '../../lib/deploy/attach-triggers-properties.js'

const PRE_TOKEN =
  'arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-pre-token-generation'
const PRE_AUTH = 'arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-pre-authentication'

/** The properties as CloudFormation sends them, ServiceToken and ServiceTimeout included. */
const PROPERTIES = Object.freeze({
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-attach-triggers',
  ServiceTimeout: '300',
  UserPoolId: 'eu-west-1_AbCdEf123',
  Triggers: {
    PreAuthentication: PRE_AUTH,
    PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: 'V2_0' },
  },
})

describe('parseAttachTriggersProperties', () => {
  it('reads the pool id and the triggers', () => {
    expect(parseAttachTriggersProperties(structuredClone(PROPERTIES))).toEqual({
      userPoolId: 'eu-west-1_AbCdEf123',
      triggers: {
        PreAuthentication: PRE_AUTH,
        PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: 'V2_0' },
      },
      replaceExistingTriggers: false,
    })
  })

  it.each([
    ['"true"', 'true', true],
    ['"false"', 'false', false],
    ['true', true, true],
  ])('reads ReplaceExistingTriggers %s', (_name, value, expected) => {
    const properties = { ...structuredClone(PROPERTIES), ReplaceExistingTriggers: value }
    expect(parseAttachTriggersProperties(properties).replaceExistingTriggers).toBe(expected)
  })

  it('refuses a ReplaceExistingTriggers that is not true or false', () => {
    const properties = { ...structuredClone(PROPERTIES), ReplaceExistingTriggers: 'yes' }
    expect(() => parseAttachTriggersProperties(properties)).toThrow(
      'ReplaceExistingTriggers must be true or false',
    )
  })

  it.each(['V1_0', 'V2_0', 'V3_0'])('accepts trigger version %s', (version) => {
    const properties = structuredClone(PROPERTIES)
    properties.Triggers.PreTokenGenerationConfig.LambdaVersion = version
    expect(
      parseAttachTriggersProperties(properties).triggers.PreTokenGenerationConfig?.LambdaVersion,
    ).toBe(version)
  })

  it.each([
    ['not an object', 'x', /must be an object/],
    ['a missing pool id', { Triggers: PROPERTIES.Triggers }, /UserPoolId/],
    ['a malformed pool id', { ...PROPERTIES, UserPoolId: 'AbCdEf123' }, /UserPoolId/],
    ['no triggers', { UserPoolId: PROPERTIES.UserPoolId, Triggers: {} }, /at least one/],
    [
      'an unknown trigger',
      { ...PROPERTIES, Triggers: { PreTokenGen: PRE_TOKEN } },
      /Triggers\.PreTokenGen is not supported/,
    ],
    [
      'a custom sender trigger',
      { ...PROPERTIES, Triggers: { CustomSMSSender: PRE_TOKEN } },
      /not supported/,
    ],
    [
      'a trigger version Cognito does not know',
      {
        ...PROPERTIES,
        Triggers: { PreTokenGenerationConfig: { LambdaArn: PRE_TOKEN, LambdaVersion: 'V4_0' } },
      },
      /LambdaVersion must be one of V1_0, V2_0, V3_0/,
    ],
    [
      'a qualified function ARN',
      { ...PROPERTIES, Triggers: { PreAuthentication: `${PRE_AUTH}:live` } },
      /unqualified Lambda function ARN/,
    ],
    [
      'an ARN that is not a function',
      { ...PROPERTIES, Triggers: { PreAuthentication: 'arn:aws:iam::123456789012:role/x' } },
      /unqualified Lambda function ARN/,
    ],
  ])('refuses %s', (_name, properties, message) => {
    expect(() => parseAttachTriggersProperties(properties)).toThrow(message)
    expect(() => parseAttachTriggersProperties(properties)).toThrow(TypeError)
  })
})
