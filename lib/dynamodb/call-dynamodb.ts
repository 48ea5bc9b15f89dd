import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { ClaimsStoreRejectedError, ClaimsStoreUnavailableError } from '../core/errors.js'
import { watchAbort } from '../core/watch-abort.js'
import { dynamoDbErrorClass } from './dynamodb-error-class.js'

/**
 * The abort signal the SDK gets: a plain object with `aborted`, `reason` and
 * `onabort`, a form the SDK accepts besides an `AbortSignal` (smithy's
 * `AbortSignal` type). It sees the abort before each attempt and sets
 * `onabort` to destroy a request in flight.
 */
interface SdkAbortSignal {
  aborted: boolean
  reason: unknown
  onabort: ((this: unknown, event?: unknown) => unknown) | null
}

/**
 * Runs `call` with an `SdkAbortSignal` that follows `signal`. Handed an
 * `AbortSignal`, the SDK adds and removes a listener through Node's
 * EventTarget on every request: ~25 µs a call, ~2.5 % of a loopback
 * GetItem. `watchAbort` shares one listener among all the watches of a
 * signal.
 */
async function withSdkAbortSignal<T>(
  signal: AbortSignal,
  call: (sdkSignal: SdkAbortSignal) => Promise<T>,
): Promise<T> {
  const sdkSignal: SdkAbortSignal = { aborted: false, reason: undefined, onabort: null }
  const stop = watchAbort(signal, () => {
    sdkSignal.aborted = true
    sdkSignal.reason = signal.reason
    sdkSignal.onabort?.()
  })
  try {
    return await call(sdkSignal)
  } finally {
    stop()
  }
}

/**
 * Runs one DynamoDB call with the caller's signal: the one place DynamoDB
 * failures are translated. An already-aborted signal sends nothing; a
 * transient failure (`dynamoDbErrorClass`: throttling, 5xx, a timeout, a
 * reset, an abort) becomes `ClaimsStoreUnavailableError`, a permanent one
 * (a 4xx such as `ValidationException`) `ClaimsStoreRejectedError` naming
 * the error; both keep the cause for logs. A failed write
 * condition is handed to `onConditionFailed`, because only the writer knows
 * which conflict it means.
 */
export async function callDynamoDb<T>(
  operation: string,
  signal: AbortSignal | undefined,
  call: (options: { abortSignal?: SdkAbortSignal }) => Promise<T>,
  onConditionFailed?: (error: ConditionalCheckFailedException) => Error,
): Promise<T> {
  if (signal?.aborted) {
    throw new ClaimsStoreUnavailableError(`${operation} was aborted before it was sent`, {
      cause: signal.reason,
    })
  }
  try {
    return await (signal === undefined
      ? call({})
      : withSdkAbortSignal(signal, (abortSignal) => call({ abortSignal })))
  } catch (error) {
    if (onConditionFailed !== undefined && error instanceof ConditionalCheckFailedException) {
      throw onConditionFailed(error)
    }
    throw translateDynamoDbError(operation, error)
  }
}

/**
 * The store error for a failed DynamoDB request, by `dynamoDbErrorClass`.
 *
 * @example
 * throw translateDynamoDbError('DynamoDB GetItem of the user', error)
 */
export function translateDynamoDbError(
  operation: string,
  error: unknown,
): ClaimsStoreUnavailableError | ClaimsStoreRejectedError {
  if (dynamoDbErrorClass(error) === 'transient') {
    return new ClaimsStoreUnavailableError(`${operation} failed`, { cause: error })
  }
  const name = error instanceof Error ? error.name : 'an unknown error'
  return new ClaimsStoreRejectedError(
    `${operation} failed permanently (${name}): a data or deployment problem, not an outage`,
    { cause: error },
  )
}
