import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider'
import type { Authorize, AwsAccountContext } from './iam-policy.js'

/** One request the fake answered: the operation and the pool it named. */
export interface FakeCognitoCall {
  readonly operation: string
  readonly userPoolId: string
  readonly outcome: 'ok' | 'AccessDeniedException' | 'ResourceNotFoundException'
}

export interface FakeCognito {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string
  /** Every call, in order; tests clear it between steps. */
  readonly calls: FakeCognitoCall[]
  /** The IAM policy of the caller's role; replaced as CloudFormation updates the role. */
  authorize: Authorize
  pool(id: string): UserPoolType | undefined
  stop(): Promise<void>
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'
// What UpdateUserPool cannot set: the rest of a pool is replaced by each update.
const READ_ONLY = [
  'Id',
  'Name',
  'Arn',
  'Status',
  'CreationDate',
  'LastModifiedDate',
  'SchemaAttributes',
  'AliasAttributes',
  'UsernameAttributes',
  'UsernameConfiguration',
  'EstimatedNumberOfUsers',
  'Domain',
  'CustomDomain',
] as const satisfies readonly (keyof UserPoolType)[]

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
}

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  })
  response.end(JSON.stringify(body))
}

/**
 * A stand-in for the Cognito user pools API on 127.0.0.1, for what AWS's own
 * IAM decides and no emulator models: each DescribeUserPool and
 * UpdateUserPool is authorized against the caller role's policy first, on the
 * pool's ARN, and refused with AccessDeniedException as Cognito refuses it.
 * Then, as the API reference describes, DescribeUserPool returns
 * `{ UserPool }` or ResourceNotFoundException, and UpdateUserPool replaces
 * every updatable setting with what the request carries (those it leaves out
 * are reset).
 *
 * @example
 * const cognito = await startFakeCognito(context, [{ Id: 'eu-west-1_AbCdEf123', Name: 'acme' }], authorize)
 */
export async function startFakeCognito(
  context: AwsAccountContext,
  pools: readonly UserPoolType[],
  authorize: Authorize,
): Promise<FakeCognito> {
  const stored = new Map(pools.map((pool) => [pool.Id ?? '', structuredClone(pool)]))
  const calls: FakeCognitoCall[] = []
  const fake = { authorize }
  const poolArn = (id: string) =>
    `arn:${context.partition}:cognito-idp:${context.region}:${context.accountId}:userpool/${id}`

  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const target = request.headers['x-amz-target']
        const operation =
          typeof target === 'string' && target.startsWith(TARGET_PREFIX)
            ? target.slice(TARGET_PREFIX.length)
            : ''
        if (operation !== 'DescribeUserPool' && operation !== 'UpdateUserPool') {
          send(
            response,
            400,
            { message: `${operation} is not modelled` },
            'UnknownOperationException',
          )
          return
        }
        const userPoolId = String(body.UserPoolId ?? '')
        const action = `cognito-idp:${operation}`
        if (!fake.authorize(action, poolArn(userPoolId))) {
          calls.push({ operation, userPoolId, outcome: 'AccessDeniedException' })
          const message = `User: arn:${context.partition}:sts::${context.accountId}:assumed-role/attach-triggers/session is not authorized to perform: ${action} on resource: ${poolArn(userPoolId)} because no identity-based policy allows the ${action} action`
          send(response, 400, { __type: 'AccessDeniedException', message }, 'AccessDeniedException')
          return
        }
        const pool = stored.get(userPoolId)
        if (pool === undefined) {
          calls.push({ operation, userPoolId, outcome: 'ResourceNotFoundException' })
          const message = `User pool ${userPoolId} does not exist.`
          send(
            response,
            400,
            { __type: 'ResourceNotFoundException', message },
            'ResourceNotFoundException',
          )
          return
        }
        calls.push({ operation, userPoolId, outcome: 'ok' })
        if (operation === 'DescribeUserPool') {
          send(response, 200, { UserPool: pool })
          return
        }
        const { UserPoolId: _id, PoolName, ...updatable } = body
        const kept = Object.fromEntries(READ_ONLY.map((member) => [member, pool[member]]))
        stored.set(userPoolId, {
          ...kept,
          ...(typeof PoolName === 'string' ? { Name: PoolName } : {}),
          ...updatable,
        } as UserPoolType)
        send(response, 200, {})
      },
      (error: unknown) => send(response, 400, { message: String(error) }, 'SerializationException'),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get authorize() {
      return fake.authorize
    },
    set authorize(next: Authorize) {
      fake.authorize = next
    },
    pool: (id) => structuredClone(stored.get(id)),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
