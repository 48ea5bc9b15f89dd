import type { Context } from 'aws-lambda'

/** What a local Lambda context is made of; plain data, so it can cross into a worker thread. */
export interface LambdaContextFields {
  readonly functionName: string
  readonly awsRequestId: string
  /** When the invocation times out, in `Date.now()` milliseconds. */
  readonly deadline: number
  /** The region the function's ARN names. */
  readonly region: string
  readonly memoryLimitInMB: number
  /** The decoded `X-Amz-Client-Context` of the request, when one was sent. */
  readonly clientContext?: Readonly<Record<string, unknown>> | undefined
}

/** The account id local function ARNs carry, as other AWS emulators use it. */
export const LOCAL_ACCOUNT_ID = '000000000000'

/** The ARN of a local function, e.g. `arn:aws:lambda:us-east-1:000000000000:function:userinfo`. */
export function localFunctionArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`
}

/**
 * A Lambda context whose `getRemainingTimeInMillis` counts down to `deadline`,
 * for handlers run by the local Invoke API. Handlers must be async: the
 * callback-style `done`, `fail` and `succeed` throw.
 *
 * @example
 * const context = createLambdaContext({
 *   functionName: 'pre-token-generation', awsRequestId: randomUUID(),
 *   deadline: Date.now() + 5_000, region: 'us-east-1', memoryLimitInMB: 256,
 * })
 */
export function createLambdaContext(fields: LambdaContextFields): Context {
  const unsupported = () => {
    throw new Error('the local Invoke API runs async handlers only: return a promise')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fields.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(fields.region, fields.functionName),
    memoryLimitInMB: String(fields.memoryLimitInMB),
    awsRequestId: fields.awsRequestId,
    logGroupName: `/aws/lambda/${fields.functionName}`,
    logStreamName: `local/[$LATEST]${fields.awsRequestId.replaceAll('-', '')}`,
    ...(fields.clientContext === undefined
      ? {}
      : { clientContext: fields.clientContext as unknown as Context['clientContext'] }),
    getRemainingTimeInMillis: () => Math.max(0, fields.deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  }
}

/** The plain fields of a context made by `createLambdaContext` (or any Lambda context). */
export function lambdaContextFields(context: Context): LambdaContextFields {
  return {
    functionName: context.functionName,
    awsRequestId: context.awsRequestId,
    deadline: Date.now() + context.getRemainingTimeInMillis(),
    region: context.invokedFunctionArn.split(':')[3] ?? 'us-east-1',
    memoryLimitInMB: Number(context.memoryLimitInMB) || 128,
    clientContext: context.clientContext as unknown as Record<string, unknown> | undefined,
  }
}
