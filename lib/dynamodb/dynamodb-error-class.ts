/** Whether a failed DynamoDB request may succeed if sent again later. */
export type DynamoDbErrorClass = 'transient' | 'permanent'

/** Error names DynamoDB answers with status 400 that a later retry can clear. */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'ReplicatedWriteConflictException',
])

interface ServiceErrorShape {
  readonly name?: unknown
  readonly $fault?: unknown
  readonly $retryable?: unknown
  readonly $metadata?: { readonly httpStatusCode?: unknown }
}

/**
 * Classifies a failed DynamoDB request. Permanent: an error DynamoDB itself
 * answered as the caller's fault (status 4xx: `ValidationException`,
 * `ResourceNotFoundException`, `AccessDeniedException`,
 * `UnrecognizedClientException`, …) other than throttling and transaction
 * conflicts. Transient: those, every 5xx, and every failure that never got
 * an answer from DynamoDB (timeouts, resets, refused connections, cut
 * answers, aborts). An error of unknown shape counts as transient, so only
 * what DynamoDB declared the caller's fault fails closed regardless of
 * the store-error policy.
 *
 * @example
 * dynamoDbErrorClass(Object.assign(new Error(), { name: 'ValidationException', $fault: 'client' })) // 'permanent'
 */
export function dynamoDbErrorClass(error: unknown): DynamoDbErrorClass {
  if (typeof error !== 'object' || error === null) return 'transient'
  const { name, $fault, $retryable, $metadata } = error as ServiceErrorShape
  if ($fault !== 'client') return 'transient'
  if ($retryable !== undefined) return 'transient'
  if (typeof name === 'string' && RETRYABLE_CLIENT_ERRORS.has(name)) return 'transient'
  const status = $metadata?.httpStatusCode
  if (typeof status === 'number' && (status === 429 || status >= 500)) return 'transient'
  return 'permanent'
}
