import type { Context } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { type LambdaHttpServer, routeByPath, serveLambdaHttp } from '../../lib/local/index.js'

let server: LambdaHttpServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A function that answers with its own name and the remaining time its context reports. */
const answering = (name: string) => async (_event: unknown, context: Context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    name,
    functionName: context.functionName,
    remainingMs: context.getRemainingTimeInMillis(),
  }),
})

describe('routeByPath served by serveLambdaHttp', () => {
  it('calls the function routed at each path, with its name in the context, on one port', async () => {
    server = await serveLambdaHttp(
      routeByPath({
        '/userinfo': { functionName: 'userinfo', handler: answering('userinfo') },
        '/introspect': { functionName: 'introspection', handler: answering('introspection') },
      }),
      { timeoutMs: 2_000 },
    )
    const userinfo = await (await fetch(new URL('/userinfo', server.url))).json()
    const introspect = (await (
      await fetch(new URL('/introspect', server.url), { method: 'POST', body: 'token=x' })
    ).json()) as { remainingMs: number }

    expect(userinfo).toMatchObject({ name: 'userinfo', functionName: 'userinfo' })
    expect(introspect).toMatchObject({ name: 'introspection', functionName: 'introspection' })
    expect(introspect.remainingMs).toBeGreaterThan(1_000)
    expect(introspect.remainingMs).toBeLessThanOrEqual(2_000)
  })

  it("answers any other path with API Gateway's 404", async () => {
    server = await serveLambdaHttp(
      routeByPath({ '/userinfo': { functionName: 'userinfo', handler: answering('userinfo') } }),
    )
    for (const path of ['/', '/userinfo/', '/introspect', '/USERINFO']) {
      const response = await fetch(new URL(path, server.url))
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ message: 'Not Found' })
    }
  })

  it('refuses a route without a handler or a path not from /', () => {
    expect(() => routeByPath({ userinfo: { functionName: 'u', handler: answering('u') } })).toThrow(
      'needs a path from / and a handler',
    )
    expect(() =>
      routeByPath({ '/userinfo': { functionName: 'u', handler: undefined as never } }),
    ).toThrow('needs a path from / and a handler')
  })
})
