import type { CloudFormationCustomResourceEvent } from 'aws-lambda'

/** The Lambda context the attach-triggers handler reads: a failed create's physical id. */
export const CUSTOM_RESOURCE_CONTEXT = { logStreamName: '2025/01/01/[$LATEST]abcdef' }

export interface CustomResourceEvents {
  create(properties: object): CloudFormationCustomResourceEvent
  update(physicalId: string, properties: object, old: object): CloudFormationCustomResourceEvent
  delete(physicalId: string, properties: object): CloudFormationCustomResourceEvent
}

/**
 * Builds the requests CloudFormation sends to the `UserPoolTriggers` custom
 * resource, with the fields its documentation lists for each request type.
 *
 * @example
 * const events = customResourceEvents(attachTriggersArn, 'local')
 * await handler(events.create(properties), CUSTOM_RESOURCE_CONTEXT)
 */
export function customResourceEvents(serviceToken: string, region: string): CustomResourceEvents {
  const common = {
    ServiceToken: serviceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response.example/put',
    StackId: `arn:aws:cloudformation:${region}:123456789012:stack/claimsmith-test/1`,
    RequestId: 'request-1',
    LogicalResourceId: 'UserPoolTriggers',
    ResourceType: 'Custom::UserPoolTriggers',
  }
  return {
    create: (properties) => ({
      ...common,
      RequestType: 'Create',
      ResourceProperties: properties as never,
    }),
    update: (physicalId, properties, old) => ({
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physicalId,
      ResourceProperties: properties as never,
      OldResourceProperties: old as never,
    }),
    delete: (physicalId, properties) => ({
      ...common,
      RequestType: 'Delete',
      PhysicalResourceId: physicalId,
      ResourceProperties: properties as never,
    }),
  }
}
