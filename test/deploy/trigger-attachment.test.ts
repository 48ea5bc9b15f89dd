import { describe, expect, it } from 'vitest'
import { formatAttachmentId, parseAttachmentId } from '../../lib/deploy/trigger-attachment.js'

const POOL = 'eu-west-1_AbCdEf123'
const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`
const REPLACED = {
  PreAuthentication: arn('acme-pre-authentication'),
  PreTokenGeneration: arn('acme-pre-token-generation'),
  PreTokenGenerationConfig: { LambdaArn: arn('acme-pre-token-generation'), LambdaVersion: 'V1_0' },
} as const

describe('formatAttachmentId and parseAttachmentId', () => {
  it('use the bare pool id when nothing was replaced, as earlier releases did', () => {
    expect(formatAttachmentId({ userPoolId: POOL, replaced: {} })).toBe(POOL)
    expect(parseAttachmentId(POOL)).toEqual({ userPoolId: POOL, replaced: {} })
  })

  it('carry the replaced triggers, readable, from create to delete', () => {
    const id = formatAttachmentId({ userPoolId: POOL, replaced: REPLACED })
    expect(id).toBe(`${POOL} replaced ${JSON.stringify(REPLACED)}`)
    expect(parseAttachmentId(id)).toEqual({ userPoolId: POOL, replaced: REPLACED })
  })

  it('keep a qualified function ARN (an alias or version) as it was', () => {
    const replaced = { PreAuthentication: `${arn('acme')}:live` }
    const id = formatAttachmentId({ userPoolId: POOL, replaced })
    expect(parseAttachmentId(id)?.replaced).toEqual(replaced)
  })

  it.each([
    ['the log stream name of a create that failed', '2025/01/01/[$LATEST]abcdef'],
    ['an empty id', ''],
  ])('name no attachment for %s', (_name, id) => {
    expect(parseAttachmentId(id)).toBeUndefined()
  })

  it.each([
    ['not JSON', `${POOL} replaced {oops}`, /not JSON/],
    [
      'a member that is no trigger',
      `${POOL} replaced {"KMSKeyID":"x"}`,
      /KMSKeyID .* not a trigger/,
    ],
    [
      'a value that is no function ARN',
      `${POOL} replaced {"PreAuthentication":"x"}`,
      /PreAuthentication .* not a Lambda function ARN/,
    ],
    [
      'a pre-token config without a version',
      `${POOL} replaced {"PreTokenGenerationConfig":{"LambdaArn":"${arn('a')}"}}`,
      /has no LambdaVersion/,
    ],
  ])('refuse a damaged record (%s) rather than lose it', (_name, id, message) => {
    expect(() => parseAttachmentId(id)).toThrow(message)
  })

  it('refuses a record too long for a physical resource id', () => {
    const long = `arn:aws:lambda:eu-west-1:123456789012:function:${'a'.repeat(1000)}`
    expect(() =>
      formatAttachmentId({ userPoolId: POOL, replaced: { PreAuthentication: long } }),
    ).toThrow(/do not fit in a physical resource id/)
  })
})
