import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-aws.js'

/** Where a function in a child process finds its table and its token issuer. */
export interface LambdaEnvironmentOptions {
  readonly endpoint: string
  readonly tableName: string
  readonly issuer: string
  readonly jwksUrl: string
}

/**
 * The environment Lambda would give a function, pointed at DynamoDB Local
 * (through `AWS_ENDPOINT_URL_DYNAMODB`, which the SDK reads itself) and at
 * the loopback token issuer, and nothing of this process's environment
 * beyond PATH.
 *
 * @example
 * const env = lambdaEnvironment({ endpoint, tableName, issuer, jwksUrl })('userinfo')
 */
export function lambdaEnvironment(
  options: LambdaEnvironmentOptions,
): (functionName: string) => Record<string, string> {
  return (functionName) => ({
    PATH: process.env.PATH ?? '',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoint,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    CLAIMS_TABLE: options.tableName,
    ISSUER: options.issuer,
    JWKS_URL: options.jwksUrl,
    LOG_LEVEL: 'info',
    // Lambda runs nodejs24.x, where the SDK does not warn; Node.js 20 here would.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  })
}
