import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { createAttachTriggersHandler } from '../lib/deploy/attach-triggers-handler.js'
import { createLogger } from '../lib/observability/index.js'

/**
 * The Lambda entry point of the `Custom::UserPoolTriggers` resource in
 * serverless.yml, bundled by the build as `attach-triggers`.
 */
export const handler = createAttachTriggersHandler({
  cognito: new CognitoIdentityProviderClient({ maxAttempts: 5 }),
  region: process.env.AWS_REGION,
  logger: createLogger({ level: 'info', fields: { service: 'attach-triggers' } }),
})
