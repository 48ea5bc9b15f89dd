import { isDeepStrictEqual } from 'node:util'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'

/**
 * Whether a failed write condition only met this call's own earlier attempt:
 * the SDK retries a write whose answer was lost, and the retry then finds the
 * item it wrote. DynamoDB returns the current item with the failure
 * (ReturnValuesOnConditionCheckFailure ALL_OLD); when it is exactly
 * `intended`, the write succeeded and no other writer is involved. A backend
 * that returns no item (dynalite) is treated as a real conflict.
 *
 * @example
 * if (isOwnEarlierWrite(conflict.cause, item)) return version
 */
export function isOwnEarlierWrite(cause: unknown, intended: object): boolean {
  if (!(cause instanceof ConditionalCheckFailedException) || cause.Item === undefined) return false
  // The document client drops undefined attributes when it writes; so does JSON.
  return isDeepStrictEqual(unmarshall(cause.Item), JSON.parse(JSON.stringify(intended)))
}
