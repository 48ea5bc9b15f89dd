import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { ClaimsStoreUnavailableError } from '../core/errors.js'

/**
 * Runs one DynamoDB call with the caller's signal. An already-aborted signal
 * sends nothing; an SDK error, a timeout or an abort becomes
 * `ClaimsStoreUnavailableError` with the cause kept for logs. A failed write
 * condition is handed to `onConditionFailed`, because only the writer knows
 * which conflict it means.
 */
export async function callDynamoDb<T>(
  operation: string,
  signal: AbortSignal | undefined,
  call: (options: { abortSignal?: AbortSignal }) => Promise<T>,
  onConditionFailed?: (error: ConditionalCheckFailedException) => Error,
): Promise<T> {
  if (signal?.aborted) {
    throw new ClaimsStoreUnavailableError(`${operation} was aborted before it was sent`, {
      cause: signal.reason,
    })
  }
  try {
    return await call(signal === undefined ? {} : { abortSignal: signal })
  } catch (error) {
    if (onConditionFailed !== undefined && error instanceof ConditionalCheckFailedException) {
      throw onConditionFailed(error)
    }
    throw new ClaimsStoreUnavailableError(`${operation} failed`, { cause: error })
  }
}
