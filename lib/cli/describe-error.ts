import {
  ClaimsmithError,
  ClaimsStoreRejectedError,
  ClaimsStoreUnavailableError,
} from '../core/errors.js'

const HINTS: Readonly<Record<string, string>> = Object.freeze({
  ResourceNotFoundException:
    'does the table exist in this region? create a local one with claimsmith create-table',
  CredentialsProviderError: 'no AWS credentials were found: set AWS_PROFILE or AWS_ACCESS_KEY_ID',
  UnrecognizedClientException: 'the AWS credentials were refused',
  AccessDeniedException: 'the AWS credentials may not do this on the table',
})

function causeText(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined
  const name = cause.name !== 'Error' ? `${cause.name}: ` : ''
  const hint = HINTS[cause.name]
  const message = cause.message === '' ? cause.name : `${name}${cause.message}`
  if (/Region is missing/i.test(cause.message)) {
    return `${message} (pass --region or set AWS_REGION)`
  }
  if (
    /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(
      `${cause.message} ${(cause as NodeJS.ErrnoException).code ?? ''}`,
    )
  ) {
    return `${message} (is the endpoint right, and is DynamoDB listening there?)`
  }
  return hint === undefined ? message : `${message} (${hint})`
}

/**
 * One line saying what went wrong, for a person at a terminal: a store
 * failure with the AWS SDK's reason (and a hint for the usual ones), any
 * other error by its message.
 *
 * @example
 * describeError(new ClaimsStoreUnavailableError('DynamoDB Query failed', { cause }))
 * // 'DynamoDB Query failed: ResourceNotFoundException: Cannot do operations on a non-existent table (does the table exist …?)'
 */
export function describeError(error: unknown): string {
  if (error instanceof ClaimsStoreUnavailableError) {
    const cause = causeText(error.cause)
    return cause === undefined ? error.message : `${error.message}: ${cause}`
  }
  if (error instanceof ClaimsStoreRejectedError) {
    // Its message names the error already; the cause's own words and the hint follow.
    const cause = causeText(error.cause)
    const operation = error.message.replace(/ \(.*$/, '')
    return cause === undefined ? error.message : `${operation}: ${cause}`
  }
  if (error instanceof ClaimsmithError) return error.message
  return causeText(error) ?? String(error)
}
