import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/** Settings for `createDynamoDbClient`; everything left out comes from the SDK's own configuration. */
export interface DynamoDbClientOptions {
  /** Defaults to the SDK's region resolution (`AWS_REGION` in Lambda). */
  readonly region?: string
  /**
   * For tests and the CLI only. Without it the SDK's own resolution applies,
   * including `AWS_ENDPOINT_URL_DYNAMODB`.
   */
  readonly endpoint?: string
  /** Defaults to the SDK's credential chain. */
  readonly credentials?: {
    readonly accessKeyId: string
    readonly secretAccessKey: string
    readonly sessionToken?: string
  }
  /** Time allowed to open a connection, per attempt. */
  readonly connectionTimeoutMs?: number
  /** Time allowed for a whole request and its response, per attempt. */
  readonly requestTimeoutMs?: number
  /** Attempts per call, the first included. */
  readonly maxAttempts?: number
}

/**
 * Chosen for a Cognito trigger, which Cognito gives 5 s per attempt (docs/claims.md, "Cognito's token shapes"):
 * the worst case of one call is 2 × (500 + 1000) ms plus one retry back-off
 * (the SDK waits up to 50 ms, up to 1 s when throttled) ≈ 3–4 s, which leaves
 * room for the rest of the invocation. An in-region DynamoDB read takes a few
 * milliseconds, so these bounds only bite when something is wrong; the
 * caller's AbortSignal carries the invocation's real deadline.
 */
export const DYNAMODB_CLIENT_DEFAULTS = Object.freeze({
  connectionTimeoutMs: 500,
  requestTimeoutMs: 1000,
  maxAttempts: 2,
})

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`createDynamoDbClient: ${name} must be a positive integer`)
  }
  return value
}

/**
 * A DynamoDB document client with bounded timeouts and retries. Create one per
 * process, at module scope, and share it.
 *
 * @example
 * const client = createDynamoDbClient()
 * const store = new DynamoDbClaimsStore({ client, tableName: process.env.CLAIMS_TABLE })
 */
export function createDynamoDbClient(options: DynamoDbClientOptions = {}): DynamoDBDocumentClient {
  const connectionTimeout = positiveInteger(
    'connectionTimeoutMs',
    options.connectionTimeoutMs ?? DYNAMODB_CLIENT_DEFAULTS.connectionTimeoutMs,
  )
  const requestTimeout = positiveInteger(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? DYNAMODB_CLIENT_DEFAULTS.requestTimeoutMs,
  )
  const maxAttempts = positiveInteger(
    'maxAttempts',
    options.maxAttempts ?? DYNAMODB_CLIENT_DEFAULTS.maxAttempts,
  )
  const client = new DynamoDBClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    // A copy: the SDK marks the credentials object it is given, which fails on a frozen one.
    ...(options.credentials === undefined ? {} : { credentials: { ...options.credentials } }),
    maxAttempts,
    requestHandler: {
      connectionTimeout,
      requestTimeout,
      // Without it this SDK version only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
    },
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  })
}
