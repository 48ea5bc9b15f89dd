import { setTimeout as delay } from 'node:timers/promises'
import {
  InvokeCommand,
  LambdaClient,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda'
import type { Context } from 'aws-lambda'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type LambdaInvokeServer,
  startLambdaInvokeServer,
} from '../../lib/local/lambda-invoke-server.js'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'
import { LocalFunctionThrottledError } from '../../lib/local/local-lambda-errors.js'

class TenantLookupError extends Error {
  override name = 'TenantLookupError'
}

let lambda: LambdaInvokeServer
let seen: { event: unknown; context: Context } | undefined
let slowFinished = false

beforeAll(async () => {
  lambda = await startLambdaInvokeServer({
    functions: {
      echo: async (event, context) => {
        seen = { event, context }
        return { event, remaining: context.getRemainingTimeInMillis() }
      },
      nothing: async () => undefined,
      fails: async () => {
        throw new TenantLookupError('user is not active')
      },
      slow: {
        handler: async () => {
          await delay(300)
          slowFinished = true
          return 'late'
        },
        timeoutMs: 50,
      },
      huge: async () => 'x'.repeat(2_000),
      throttled: async (_event, context) => {
        throw new LocalFunctionThrottledError(context.functionName, 1)
      },
    },
    timeoutMs: 2_000,
    maxRequestBytes: 1_024,
    maxResponseBytes: 1_500,
  })
})

afterAll(() => lambda.close())

afterEach(() => {
  seen = undefined
})

function invoke(
  name: string,
  body: string | undefined = '{}',
  headers: Record<string, string> = {},
  query = '',
) {
  return fetch(
    `${lambda.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${query}`,
    { method: 'POST', body, headers },
  )
}

describe('startLambdaInvokeServer over raw HTTP', () => {
  it('answers 200 with the JSON result and the executed version', async () => {
    const response = await invoke('echo', JSON.stringify({ tenant: 42 }))

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-amz-executed-version')).toBe('$LATEST')
    expect(response.headers.get('x-amz-function-error')).toBeNull()
    const body = (await response.json()) as { event: unknown; remaining: number }
    expect(body.event).toEqual({ tenant: 42 })
    expect(body.remaining).toBeGreaterThan(0)
    expect(body.remaining).toBeLessThanOrEqual(2_000)
  })

  it('gives the handler a Lambda context named after the function and the request', async () => {
    const response = await invoke('echo')

    const context = seen?.context
    expect(context?.functionName).toBe('echo')
    expect(context?.awsRequestId).toBe(response.headers.get('x-amzn-requestid'))
    expect(context?.invokedFunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo')
    expect(context?.functionVersion).toBe('$LATEST')
    expect(() => context?.succeed('x')).toThrow(/async handlers only/)
  })

  it('answers null when the handler returns nothing', async () => {
    const response = await invoke('nothing')

    expect(response.status).toBe(200)
    expect(await response.text()).toBe('null')
  })

  it('takes an empty payload as an empty event', async () => {
    await invoke('echo', '')

    expect(seen?.event).toEqual({})
  })

  it('passes X-Amz-Client-Context to the context, decoded', async () => {
    const clientContext = { custom: { tenant: '42' } }
    await invoke('echo', '{}', {
      'X-Amz-Client-Context': Buffer.from(JSON.stringify(clientContext)).toString('base64'),
    })

    expect(seen?.context.clientContext).toEqual(clientContext)
  })

  it('answers a thrown error as an Unhandled function error with its type and message only', async () => {
    const response = await invoke('fails')

    expect(response.status).toBe(200)
    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled')
    expect(await response.json()).toEqual({
      errorType: 'TenantLookupError',
      errorMessage: 'user is not active',
    })
  })

  it('answers Sandbox.Timedout when the handler runs past its timeout, without waiting for it', async () => {
    slowFinished = false
    const response = await invoke('slow')

    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled')
    const body = (await response.json()) as { errorType: string; errorMessage: string }
    expect(body.errorType).toBe('Sandbox.Timedout')
    expect(body.errorMessage).toMatch(/Task timed out after 0\.05 seconds/)
    expect(slowFinished).toBe(false)
  })

  it('answers a result past maxResponseBytes as Function.ResponseSizeTooLarge', async () => {
    const response = await invoke('huge')

    expect(response.headers.get('x-amz-function-error')).toBe('Unhandled')
    expect(await response.json()).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' })
  })

  it.each([
    ['a full ARN', 'arn:aws:lambda:us-east-1:000000000000:function:echo', ''],
    ['a partial ARN', '000000000000:function:echo', ''],
    ['a name with $LATEST', 'echo:$LATEST', ''],
    ['a Qualifier of $LATEST', 'echo', '?Qualifier=%24LATEST'],
  ])('finds the function by %s', async (_, name, query) => {
    const response = await invoke(name, '{"a":1}', {}, query)

    expect(response.status).toBe(200)
    expect(seen?.event).toEqual({ a: 1 })
  })

  it.each([
    [
      'an unknown function',
      'nope',
      '',
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    ],
    [
      'a version it does not have',
      'echo',
      '?Qualifier=7',
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:7',
    ],
  ])('answers 404 ResourceNotFoundException for %s', async (_, name, query, message) => {
    const response = await invoke(name, '{}', {}, query)

    expect(response.status).toBe(404)
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(await response.json()).toEqual({ Type: 'User', Message: message })
    expect(seen).toBeUndefined()
  })

  it('answers 404 UnknownOperationException for anything but an invocation', async () => {
    const response = await fetch(`${lambda.endpoint}/2015-03-31/functions/echo/invocations`)

    expect(response.status).toBe(404)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
  })

  it('answers 202 for InvocationType Event and runs the handler afterwards', async () => {
    const response = await invoke('echo', '{"async":true}', { 'X-Amz-Invocation-Type': 'Event' })

    expect(response.status).toBe(202)
    expect(await response.text()).toBe('')
    await expect.poll(() => seen?.event).toEqual({ async: true })
    expect(lambda.invocations('echo').at(-1)).toMatchObject({
      invocationType: 'Event',
      outcome: 'success',
    })
  })

  it('answers 204 for InvocationType DryRun without running the handler', async () => {
    const response = await invoke('echo', '{}', { 'X-Amz-Invocation-Type': 'DryRun' })

    expect(response.status).toBe(204)
    expect(seen).toBeUndefined()
  })

  it('answers 400 InvalidParameterValueException for an unknown invocation type', async () => {
    const response = await invoke('echo', '{}', { 'X-Amz-Invocation-Type': 'Later' })

    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterValueException')
  })

  it('answers 400 InvalidRequestContentException for a payload that is not JSON', async () => {
    const response = await invoke('echo', '{"unterminated')

    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException')
    expect(seen).toBeUndefined()
  })

  it('answers 400 for a client context that is not base64 JSON of an object', async () => {
    const response = await invoke('echo', '{}', { 'X-Amz-Client-Context': 'bm90IGpzb24=' })

    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException')
  })

  it('answers 413 RequestTooLargeException past maxRequestBytes without running the handler', async () => {
    const response = await invoke('echo', JSON.stringify({ padding: 'x'.repeat(2_000) }))

    expect(response.status).toBe(413)
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestTooLargeException')
    expect(seen).toBeUndefined()
  })

  it('answers 429 TooManyRequestsException when the function is throttled', async () => {
    const response = await invoke('throttled')

    expect(response.status).toBe(429)
    expect(response.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException')
  })

  it('records each invocation with its event and outcome', async () => {
    await invoke('fails', '{"who":"me"}')

    expect(lambda.invocations('fails').at(-1)).toMatchObject({
      functionName: 'fails',
      invocationType: 'RequestResponse',
      event: { who: 'me' },
      outcome: 'error',
      errorType: 'TenantLookupError',
      errorMessage: 'user is not active',
    })
    expect(lambda.invocations('slow').at(-1)?.outcome).toBe('timeout')
  })
})

describe('startLambdaInvokeServer through @aws-sdk/client-lambda', () => {
  const client = () =>
    new LambdaClient({
      endpoint: lambda.endpoint,
      region: LOCAL_REGION,
      credentials: { ...LOCAL_CREDENTIALS },
      maxAttempts: 1,
    })

  it('returns the status, the executed version and the payload', async () => {
    const output = await client().send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ tenant: 42 }) }),
    )

    expect(output.StatusCode).toBe(200)
    expect(output.ExecutedVersion).toBe('$LATEST')
    expect(output.FunctionError).toBeUndefined()
    expect(JSON.parse(Buffer.from(output.Payload ?? []).toString())).toMatchObject({
      event: { tenant: 42 },
    })
  })

  it('reports a thrown error as FunctionError Unhandled', async () => {
    const output = await client().send(new InvokeCommand({ FunctionName: 'fails' }))

    expect(output.StatusCode).toBe(200)
    expect(output.FunctionError).toBe('Unhandled')
    expect(JSON.parse(Buffer.from(output.Payload ?? []).toString())).toEqual({
      errorType: 'TenantLookupError',
      errorMessage: 'user is not active',
    })
  })

  it('answers an Event invocation with 202', async () => {
    const output = await client().send(
      new InvokeCommand({ FunctionName: 'echo', InvocationType: 'Event', Payload: '{}' }),
    )

    expect(output.StatusCode).toBe(202)
  })

  it('rejects an unknown function with ResourceNotFoundException', async () => {
    const error = await client()
      .send(new InvokeCommand({ FunctionName: 'nope' }))
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect((error as Error).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    )
  })

  it('rejects a throttled invocation with TooManyRequestsException', async () => {
    const error = await client()
      .send(new InvokeCommand({ FunctionName: 'throttled' }))
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(TooManyRequestsException)
  })
})

describe('startLambdaInvokeServer settings', () => {
  it('refuses to listen anywhere but on loopback', async () => {
    await expect(
      startLambdaInvokeServer({ functions: { echo: async () => 1 }, host: '0.0.0.0' }),
    ).rejects.toThrow(TypeError)
  })

  it('refuses a function without a handler', async () => {
    await expect(
      startLambdaInvokeServer({
        functions: { broken: { handler: 'nope' as unknown as () => Promise<unknown> } },
      }),
    ).rejects.toThrow('the handler of broken must be a function')
  })
})
