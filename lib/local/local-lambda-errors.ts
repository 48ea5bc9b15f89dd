import { ClaimsmithError } from '../core/errors.js'

/**
 * A function failed: it threw, or its code could not be loaded. `errorType`
 * and `errorMessage` are what Lambda puts in the body of an `Unhandled`
 * function error; the function's stack stays in its own log.
 */
export class LocalFunctionError extends ClaimsmithError {
  override readonly name: string = 'LocalFunctionError'
  readonly errorType: string

  constructor(errorType: string, errorMessage: string) {
    super('FUNCTION_ERROR', errorMessage)
    this.errorType = errorType
  }
}

/** The invocation ran past its timeout; the sandbox that ran it was stopped. */
export class LocalFunctionTimeoutError extends ClaimsmithError {
  override readonly name: string = 'LocalFunctionTimeoutError'
  readonly timeoutMs: number

  constructor(timeoutMs: number) {
    super('FUNCTION_TIMEOUT', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`)
    this.timeoutMs = timeoutMs
  }
}

/** Every sandbox of the function is busy; Lambda answers 429 TooManyRequestsException. */
export class LocalFunctionThrottledError extends ClaimsmithError {
  override readonly name: string = 'LocalFunctionThrottledError'
  constructor(functionName: string, maxConcurrency: number) {
    super(
      'FUNCTION_THROTTLED',
      `Rate Exceeded: ${functionName} already runs ${maxConcurrency} invocations`,
    )
  }
}
