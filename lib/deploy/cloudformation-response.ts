import type {
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceResponse,
} from 'aws-lambda'

/** What the handler decided; the rest of the response is copied from the event. */
export type CustomResourceOutcome =
  | { readonly status: 'SUCCESS'; readonly physicalResourceId: string }
  | { readonly status: 'FAILED'; readonly physicalResourceId: string; readonly reason: string }

export type SendCustomResourceResponse = (
  event: CloudFormationCustomResourceEvent,
  outcome: CustomResourceOutcome,
) => Promise<void>

const ATTEMPTS = 3

/**
 * The response CloudFormation expects for `event`.
 *
 * @example
 * toCustomResourceResponse(event, { status: 'SUCCESS', physicalResourceId: 'eu-west-1_AbCdEf123' })
 */
export function toCustomResourceResponse(
  event: CloudFormationCustomResourceEvent,
  outcome: CustomResourceOutcome,
): CloudFormationCustomResourceResponse {
  const common = {
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  }
  return outcome.status === 'SUCCESS'
    ? { Status: 'SUCCESS', ...common }
    : { Status: 'FAILED', Reason: outcome.reason, ...common }
}

/**
 * PUTs the response to the pre-signed S3 URL in the event. Without it the
 * stack waits for the resource's ServiceTimeout, so a failed PUT is retried.
 *
 * @example
 * await sendCustomResourceResponse(event, { status: 'FAILED', physicalResourceId, reason })
 */
export const sendCustomResourceResponse: SendCustomResourceResponse = async (event, outcome) => {
  const body = JSON.stringify(toCustomResourceResponse(event, outcome))
  let lastError: unknown
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const response = await fetch(event.ResponseURL, {
        method: 'PUT',
        // As AWS's cfn-response module does: a pre-signed URL's signature may cover the content type.
        headers: { 'content-type': '' },
        body,
        signal: AbortSignal.timeout(5000),
      })
      if (response.ok) return
      lastError = new Error(`the response URL answered ${response.status}`)
    } catch (error) {
      lastError = error
    }
  }
  throw new Error('could not send the custom resource response', { cause: lastError })
}
