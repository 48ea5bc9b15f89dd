import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { CloudFormationCustomResourceEvent } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { sendCustomResourceResponse } from '../../lib/deploy/cloudformation-response.js'

interface Received {
  readonly method: string | undefined
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

let server: Server | undefined

/** A stand-in for the pre-signed S3 URL: answers with `statuses` in turn, then 200. */
async function responseUrl(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = []
  server = createServer(async (request, response) => {
    let body = ''
    for await (const chunk of request) body += chunk
    received.push({ method: request.method, headers: request.headers, body })
    response.statusCode = statuses.shift() ?? 200
    response.end()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no address')
  return { url: `http://127.0.0.1:${address.port}/response?X-Amz-Signature=abc`, received }
}

afterEach(async () => {
  server?.close()
  server = undefined
})

function event(url: string): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:claimsmith-prod-attach-triggers',
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/claimsmith-prod/1',
    RequestId: 'request-1',
    LogicalResourceId: 'UserPoolTriggers',
    ResourceType: 'Custom::UserPoolTriggers',
    ResourceProperties: { ServiceToken: 'x' },
  }
}

describe('sendCustomResourceResponse', () => {
  it('PUTs a success with the ids CloudFormation needs and an empty content type', async () => {
    const { url, received } = await responseUrl()
    await sendCustomResourceResponse(event(url), {
      status: 'SUCCESS',
      physicalResourceId: 'eu-west-1_AbCdEf123',
    })
    expect(received).toHaveLength(1)
    expect(received[0]?.method).toBe('PUT')
    expect(received[0]?.headers['content-type']).toBe('')
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'eu-west-1_AbCdEf123',
      StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/claimsmith-prod/1',
      RequestId: 'request-1',
      LogicalResourceId: 'UserPoolTriggers',
    })
  })

  it('PUTs a failure with its reason', async () => {
    const { url, received } = await responseUrl()
    await sendCustomResourceResponse(event(url), {
      status: 'FAILED',
      physicalResourceId: 'log-stream',
      reason: 'ResourceNotFoundException: User pool does not exist.',
    })
    expect(JSON.parse(received[0]?.body ?? '')).toMatchObject({
      Status: 'FAILED',
      Reason: 'ResourceNotFoundException: User pool does not exist.',
    })
  })

  it('retries when the URL answers with an error', async () => {
    const { url, received } = await responseUrl([503, 500])
    await sendCustomResourceResponse(event(url), { status: 'SUCCESS', physicalResourceId: 'x' })
    expect(received).toHaveLength(3)
  })

  it('gives up after three attempts', async () => {
    const { url, received } = await responseUrl([500, 500, 500])
    await expect(
      sendCustomResourceResponse(event(url), { status: 'SUCCESS', physicalResourceId: 'x' }),
    ).rejects.toThrow(/could not send the custom resource response/)
    expect(received).toHaveLength(3)
  })
})
