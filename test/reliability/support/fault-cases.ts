import type { Fault } from '../../support/fault-proxy.js'

/** One fault of the matrix and what a store call under it must come to. */
export interface FaultCase {
  readonly name: string
  readonly fault: Fault
  /** The store still answers in time: the token is enriched as usual. */
  readonly answers: boolean
  /** Requests the proxy sees for one store call (the SDK's 2 attempts, 0 when refused). */
  readonly proxyRequests: number
  /** Attempts the client makes for one store call. */
  readonly attempts: number
  /** A word the log must carry, so an operator can tell the faults apart. */
  readonly logMarker: string
}

/**
 * The faults, with the production client settings (500 ms connect, 1000 ms per
 * attempt, 2 attempts): latency just under and just over the attempt timeout,
 * DynamoDB's server and throttling errors, a reset and a truncated answer, and
 * a refused connection.
 */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: 'latency 650 ms (under the 1000 ms attempt timeout)',
    fault: { kind: 'latency', delayMs: 650 },
    answers: true,
    proxyRequests: 1,
    attempts: 1,
    logMarker: '',
  },
  {
    name: 'latency 1300 ms (over the 1000 ms attempt timeout)',
    fault: { kind: 'latency', delayMs: 1300 },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'requestTimeout',
  },
  {
    name: '500 InternalServerError',
    fault: { kind: 'error', error: 'InternalServerError' },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'InternalServerError',
  },
  {
    name: '400 ThrottlingException',
    fault: { kind: 'error', error: 'ThrottlingException' },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'ThrottlingException',
  },
  {
    name: '400 ProvisionedThroughputExceededException',
    fault: { kind: 'error', error: 'ProvisionedThroughputExceededException' },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'ProvisionedThroughputExceededException',
  },
  {
    name: 'connection reset mid-response',
    fault: { kind: 'reset' },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'ECONNRESET',
  },
  {
    name: 'truncated response',
    fault: { kind: 'truncate' },
    answers: false,
    proxyRequests: 2,
    attempts: 2,
    logMarker: 'aborted',
  },
  {
    name: 'connection refused',
    fault: { kind: 'refuse' },
    answers: false,
    proxyRequests: 0,
    attempts: 2,
    logMarker: 'ECONNREFUSED',
  },
]

export const POLICIES = ['fail', 'omit'] as const

/** Every fault under both ON_STORE_ERROR policies, for `it.each`. */
export const FAULTS_BY_POLICY = FAULT_CASES.flatMap((faultCase) =>
  POLICIES.map((policy) => ({ ...faultCase, policy })),
)
