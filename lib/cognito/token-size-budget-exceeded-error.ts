import { ClaimsmithError } from '../core/index.js'

/**
 * The claims added to a token are larger than `TOKEN_SIZE_BUDGET_BYTES` and
 * `TOKEN_SIZE_POLICY` is `fail`.
 *
 * @example
 * if (error instanceof TokenSizeBudgetExceededError) log.warn(error.message, { token: error.token, bytes: error.bytes })
 */
export class TokenSizeBudgetExceededError extends ClaimsmithError {
  override readonly name: string = 'TokenSizeBudgetExceededError'
  readonly token: 'id' | 'access'
  readonly bytes: number
  readonly budget: number

  constructor(token: 'id' | 'access', bytes: number, budget: number) {
    super(
      'TOKEN_SIZE_BUDGET_EXCEEDED',
      `claims add ${bytes} bytes to the ${token} token, over the budget of ${budget}`,
    )
    this.token = token
    this.bytes = bytes
    this.budget = budget
  }
}
