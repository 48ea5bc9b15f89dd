import { describe, expect, it } from 'vitest'
import { acceptCognitoLocalEvents } from '../../lib/local/accept-cognito-local-events.js'
import { createLambdaContext } from '../../lib/local/lambda-context.js'

const context = createLambdaContext({
  functionName: 'pre-token-generation',
  awsRequestId: 'req-1',
  deadline: Date.now() + 5_000,
  region: 'us-east-1',
  memoryLimitInMB: 256,
})

describe('acceptCognitoLocalEvents', () => {
  it('relabels cognito-local\'s version "0" as "1" and leaves the event itself untouched', async () => {
    const seen: unknown[] = []
    const handler = acceptCognitoLocalEvents(async (event) => {
      seen.push(event)
      return event
    })
    const event = { version: '0', triggerSource: 'TokenGeneration_Authentication', request: {} }

    await handler(event, context)

    expect(seen).toEqual([{ ...event, version: '1' }])
    expect(event.version).toBe('0')
  })

  it.each([
    ['a version 2 event', { version: '2', triggerSource: 'TokenGeneration_Authentication' }],
    ['an event without a version', { triggerSource: 'TokenGeneration_Authentication' }],
    ['a numeric version 0', { version: 0 }],
    ['a list', ['0']],
    ['null', null],
  ])('passes %s on as it is', async (_, event) => {
    const seen: unknown[] = []
    await acceptCognitoLocalEvents(async (received) => seen.push(received))(event, context)

    expect(seen[0]).toBe(event)
  })

  it('refuses a handler that is not a function', () => {
    expect(() => acceptCognitoLocalEvents('nope' as never)).toThrow(TypeError)
  })
})
