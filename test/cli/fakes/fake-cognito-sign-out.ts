import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A user of the fake pool: its username and sub. */
export interface FakePoolUser {
  readonly username: string
  readonly sub: string
}

/** A loopback stand-in for the two Cognito user pools calls `users sign-out` makes. */
export interface FakeCognitoSignOut {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string
  /** Usernames signed out, in order. */
  readonly signedOut: string[]
  /** The ListUsers filters received. */
  readonly filters: string[]
  stop(): Promise<void>
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.'

function send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  })
  response.end(JSON.stringify(body))
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
}

/**
 * Answers ListUsers (only the filter `sub = "<value>"`) and
 * AdminUserGlobalSignOut as the Cognito API reference describes them: the
 * JSON 1.1 protocol, ListUsers' `Users` with `Username` and `Attributes`, an
 * empty AdminUserGlobalSignOut response, ResourceNotFoundException for
 * another pool and UserNotFoundException for an unknown username.
 * cognito-local 5.3.0 has no AdminUserGlobalSignOut.
 */
export async function startFakeCognitoSignOut(
  poolId: string,
  users: readonly FakePoolUser[],
): Promise<FakeCognitoSignOut> {
  const signedOut: string[] = []
  const filters: string[] = []
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '')
    const body = await readBody(request)
    if (body.UserPoolId !== poolId) {
      send(response, 400, { message: 'User pool does not exist.' }, 'ResourceNotFoundException')
      return
    }
    switch (target.slice(TARGET_PREFIX.length)) {
      case 'ListUsers': {
        const filter = String(body.Filter ?? '')
        filters.push(filter)
        const wanted = /^sub = "([^"]*)"$/.exec(filter)?.[1]
        const found = users.filter((user) => user.sub === wanted)
        send(response, 200, {
          Users: found.map((user) => ({
            Username: user.username,
            Attributes: [{ Name: 'sub', Value: user.sub }],
            Enabled: true,
            UserStatus: 'CONFIRMED',
          })),
        })
        return
      }
      case 'AdminUserGlobalSignOut': {
        if (!users.some((user) => user.username === body.Username)) {
          send(response, 400, { message: 'User does not exist.' }, 'UserNotFoundException')
          return
        }
        signedOut.push(String(body.Username))
        send(response, 200, {})
        return
      }
      default:
        send(response, 400, { message: `unknown operation ${target}` }, 'UnknownOperationException')
    }
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    signedOut,
    filters,
    async stop() {
      const closed = once(server, 'close')
      server.close()
      server.closeAllConnections()
      await closed
    },
  }
}
