import type { Context } from 'aws-lambda'

let invocations = 0

/**
 * A Lambda context with `timeoutMs` left, as the runtime hands one to each
 * invocation. Cognito gives a trigger 5 s.
 *
 * @example
 * await handler(event, lambdaContext('pre-token-generation'))
 */
export function lambdaContext(functionName: string, timeoutMs = 5_000): Context {
  const deadline = Date.now() + timeoutMs
  invocations += 1
  const unused = () => {
    throw new Error('callback-style completion is not used')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `bench-${process.pid}-${invocations}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unused,
    fail: unused,
    succeed: unused,
  }
}
