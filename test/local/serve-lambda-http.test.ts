import { request } from 'node:http'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { type LambdaHttpServer, serveLambdaHttp } from '../../lib/local/index.js'

let server: LambdaHttpServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Serves a handler that records its event and answers with `result`. */
async function recording(result: unknown = { statusCode: 204 }) {
  const events: APIGatewayProxyEventV2[] = []
  const remaining: number[] = []
  server = await serveLambdaHttp(
    async (event, context) => {
      events.push(event)
      remaining.push(context.getRemainingTimeInMillis())
      return result as { statusCode: number }
    },
    { timeoutMs: 2_000, maxBodyBytes: 64 },
  )
  return { url: server.url, events, remaining }
}

/** One request with raw header lines, so repeated headers stay repeated. */
function rawRequest(
  url: URL,
  headers: Array<[string, string]>,
): Promise<{ status: number | undefined }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET' }, (response) => {
      response.resume()
      response.on('end', () => resolve({ status: response.statusCode }))
    })
    outgoing.on('error', reject)
    for (const [name, value] of headers) outgoing.appendHeader(name, value)
    outgoing.end()
  })
}

describe('serveLambdaHttp', () => {
  it('listens on 127.0.0.1 and a free port by default', async () => {
    const { url } = await recording()
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
  })

  it('builds a payload 2.0 event as API Gateway does', async () => {
    const { url, events, remaining } = await recording()
    await fetch(new URL('/userinfo?a=1&a=2&b=x', url), {
      headers: { 'X-Custom': 'Value', cookie: 'a=1; b=2' },
    })
    const [event] = events
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/userinfo',
      rawQueryString: 'a=1&a=2&b=x',
      queryStringParameters: { a: '1,2', b: 'x' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/userinfo', sourceIp: '127.0.0.1' } },
    })
    expect(event?.headers['x-custom']).toBe('Value')
    expect(event?.headers.cookie).toBeUndefined()
    expect(remaining[0]).toBeGreaterThan(1_000)
    expect(remaining[0]).toBeLessThanOrEqual(2_000)
  })

  it('joins repeated headers with commas, so two Authorization headers stay visible', async () => {
    const { url, events } = await recording()
    await rawRequest(url, [
      ['authorization', 'Bearer a'],
      ['authorization', 'Bearer b'],
    ])
    expect(events[0]?.headers.authorization).toBe('Bearer a,Bearer b')
  })

  it('passes a form body as text and a binary body as base64', async () => {
    const { url, events } = await recording()
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'access_token=abc',
    })
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 2]),
    })
    expect(events[0]).toMatchObject({ body: 'access_token=abc', isBase64Encoded: false })
    expect(events[1]).toMatchObject({ body: 'AAEC', isBase64Encoded: true })
  })

  it('answers 413 without calling the handler when the body is over the limit', async () => {
    const { url, events } = await recording()
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(65) })
    expect(response.status).toBe(413)
    expect(events).toHaveLength(0)
  })

  it('writes status, headers, cookies and a base64 body from the result', async () => {
    const { url } = await recording({
      statusCode: 201,
      headers: { 'X-Answer': '42' },
      cookies: ['session=1; HttpOnly'],
      body: Buffer.from('hello').toString('base64'),
      isBase64Encoded: true,
    })
    const response = await fetch(url)
    expect(response.status).toBe(201)
    expect(response.headers.get('x-answer')).toBe('42')
    expect(response.headers.get('set-cookie')).toBe('session=1; HttpOnly')
    expect(await response.text()).toBe('hello')
  })

  it('answers a result without statusCode as a 200 JSON body', async () => {
    const { url } = await recording({ hello: 'world' })
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ hello: 'world' })
  })

  it("answers API Gateway's bare 500 when the handler throws", async () => {
    server = await serveLambdaHttp(async () => {
      throw new Error('secret detail')
    })
    const response = await fetch(server.url)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('{"message":"Internal Server Error"}')
  })

  it('refuses options it cannot use with a TypeError', async () => {
    await expect(serveLambdaHttp(async () => ({ statusCode: 200 }), { port: -1 })).rejects.toThrow(
      TypeError,
    )
  })
})
