import { describe, expect, it } from 'vitest'
import { dynamoDbErrorClass } from '../../lib/dynamodb/dynamodb-error-class.js'

/** An error as the SDK builds it from a DynamoDB answer. */
function serviceError(name: string, status: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(name), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    ...extra,
  })
}

describe('dynamoDbErrorClass', () => {
  it.each([
    ['ValidationException', 400],
    ['ResourceNotFoundException', 400],
    ['AccessDeniedException', 400],
    ['UnrecognizedClientException', 400],
    ['ConditionalCheckFailedException', 400],
    ['SerializationException', 400],
  ])('calls %s permanent', (name, status) => {
    expect(dynamoDbErrorClass(serviceError(name, status))).toBe('permanent')
  })

  it.each([
    ['ThrottlingException', 400, {}],
    ['ProvisionedThroughputExceededException', 400, {}],
    ['RequestLimitExceeded', 400, {}],
    ['TransactionConflictException', 400, {}],
    ['InternalServerError', 500, {}],
    ['ServiceUnavailable', 503, {}],
    ['SomethingNew', 429, {}],
    ['SomethingRetryable', 400, { $retryable: {} }],
  ])('calls %s transient', (name, status, extra) => {
    expect(dynamoDbErrorClass(serviceError(name, status, extra))).toBe('transient')
  })

  it.each([
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['a reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a refused connection', Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('calls %s transient: DynamoDB never answered', (_case, error) => {
    expect(dynamoDbErrorClass(error)).toBe('transient')
  })
})
