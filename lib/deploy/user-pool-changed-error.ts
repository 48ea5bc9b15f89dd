import { ClaimsmithError } from '../core/index.js'

/**
 * A stack update asks to move the triggers to another user pool. Refused: the
 * stack's IAM role and invoke permissions are scoped to one pool, and once the
 * update narrows them to the new one, CloudFormation's clean-up could no
 * longer take the triggers off the old pool, which would keep triggers it can
 * no longer invoke and fail its sign-ins.
 *
 * @example
 * if (error instanceof UserPoolChangedError) console.error(error.message)
 */
export class UserPoolChangedError extends ClaimsmithError {
  override readonly name: string = 'UserPoolChangedError'
  readonly attachedUserPoolId: string
  readonly requestedUserPoolId: string

  constructor(attachedUserPoolId: string, requestedUserPoolId: string) {
    super(
      'USER_POOL_CHANGED',
      `userPoolId changed from ${attachedUserPoolId} to ${requestedUserPoolId}, and a stack stays attached to the pool it was created with. ` +
        `Nothing was changed and the stack rolls back. Remove the stack first (osls remove with userPoolId=${attachedUserPoolId}), ` +
        `then deploy it with userPoolId=${requestedUserPoolId}, or deploy the new pool as another stage.`,
    )
    this.attachedUserPoolId = attachedUserPoolId
    this.requestedUserPoolId = requestedUserPoolId
  }
}
