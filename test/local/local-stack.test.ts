import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStackEndpoints } from '../../lib/local/start-local-stack.js'
import {
  alive,
  descendantsOf,
  endpointsOf,
  killStack,
  ROOT,
  refusesConnections,
  type StackProcess,
  spawnStack,
} from './support/stack-process.js'

// `npm start` as a user runs it: a child process, ready when it says so,
// stopped with Ctrl-C (SIGINT).

const STARTUP_DEADLINE_MS = 60_000

let dir: string
let stack: StackProcess | undefined
let output = ''
let endpoints: LocalStackEndpoints

async function invoke(functionName: string, eventPath: string) {
  const response = await fetch(
    `${endpoints.lambda}/2015-03-31/functions/${functionName}/invocations`,
    { method: 'POST', body: await readFile(eventPath) },
  )
  return {
    functionError: response.headers.get('x-amz-function-error'),
    body: (await response.json()) as Record<string, unknown>,
  }
}

/** POST introspect with the ready resource-server token, as the printed curl command does. */
async function introspect(token: string): Promise<{ status: number; body: unknown }> {
  const caller = endpoints.introspectionCaller
  if (caller === undefined) throw new Error("no resource server's token")
  const response = await fetch(endpoints.introspection, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${caller.token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  })
  return { status: response.status, body: await response.json() }
}

function sampleEvent(fileName: string): string {
  const found = endpoints.sampleEvents.find((each) => each.path.endsWith(`/${fileName}`))
  if (found === undefined) throw new Error(`no sample event ${fileName}`)
  return found.path
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-local-stack-test-'))
  const endpointsFile = join(dir, 'endpoints.json')
  stack = spawnStack(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/start-local.ts',
      '--random-ports',
      '--dist-dir',
      join(dir, 'dist'),
      '--endpoints-file',
      endpointsFile,
    ],
    { endpointsFile, deadlineMs: STARTUP_DEADLINE_MS },
  )
  endpoints = await stack.ready
  output = stack.output()
}, STARTUP_DEADLINE_MS + 5_000)

afterAll(async () => {
  await killStack(stack)
  await rm(dir, { recursive: true, force: true })
})

/** The built CLI, as the printed `npx claimsmith` commands run it, with no AWS settings but dummy credentials. */
function claimsmith(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['bin/claimsmith.js', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: endpoints.region,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString()
  })
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output: text })))
}

describe('npm start (scripts/start-local.ts)', () => {
  it('prints the demo: enriched ID-token claims, a userinfo answer, the inactive user refused', () => {
    expect(output).toContain('"tenant_id": "42"')
    expect(output).toContain('"tenant_role": "owner"')
    expect(output).toMatch(/Demo: the same user in a V2_0 event/)
    expect(output).toContain('"tenant_id": 42')
    expect(output).toContain('"employee_id": 100234')
    expect(output).toMatch(
      /GET userinfo with cognito-local's access token \(scope "aws\.cognito\.signin\.user\.admin"\)[\s\S]*-> 403 insufficient_scope/,
    )
    expect(output).toMatch(
      /GET userinfo with the access token managed login would issue \(scope "openid profile email tenant orders\/read orders\/write";[\s\S]*-> 200\n {4}\{\n {6}"tenant_id": 42,\n {6}"tenant_role": "owner",\n {6}"sub": "8f1c0a2e-0000-4000-8000-000000000001"\n {4}\}/,
    )
    expect(output).toMatch(
      /user2@example\.com \(inactive in DynamoDB\) signs in[\s\S]*-> refused: UserLambdaValidationException: pre-token-generation failed with error user is not active\./,
    )
  })

  it('prints the introspection demo: active with typed claims, the CLI sign-out, then inactive', () => {
    const caller = endpoints.clients.find((each) => each.name === '7example8m2m9client0id')
    const heading = output.indexOf(
      'Demo: POST introspect with that same access token, as the resource server 7example8m2m9client0id',
    )
    const signOut = output.indexOf(
      `$ claimsmith users sign-out --sub 8f1c0a2e-0000-4000-8000-000000000001 --table ${endpoints.tableName} --endpoint ${endpoints.dynamoDb} --region ${endpoints.region}`,
    )
    const after = output.indexOf(
      'Demo: POST introspect with the same token again; it was issued before the sign-out:\n    -> 200 {"active":false}\n  and userinfo refuses it: -> 401 invalid_token',
    )

    expect(heading).toBeGreaterThan(-1)
    expect(signOut).toBeGreaterThan(heading)
    expect(after).toBeGreaterThan(signOut)
    expect(output.slice(heading, signOut)).toContain(
      `(app client ${caller?.clientId}; its own access token, made the same way, has scope\n  "orders/read billing/invoices.read claimsmith/introspect")`,
    )
    const active = JSON.parse(
      output.slice(output.indexOf('{', heading), output.indexOf('\n    }', heading) + 6),
    )
    // The claims of the API resource both tokens name (orders), typed, and RFC 7662's members.
    expect(active).toMatchObject({
      active: true,
      tenant_id: 42,
      employee_id: 100234,
      department: 'sales',
      approval_limit: 2500.5,
      token_type: 'Bearer',
      sub: '8f1c0a2e-0000-4000-8000-000000000001',
      iss: endpoints.issuer,
      scope: 'openid profile email tenant orders/read orders/write',
    })
    expect(active).not.toHaveProperty('billing_admin')
    expect(output.slice(signOut, after)).toMatch(
      /User 8f1c0a2e-0000-4000-8000-000000000001 is signed out as of \S+ \(tokensValidAfter \d+, version \d+\)[\s\S]*Refresh tokens still work/,
    )
  })

  it('runs the example claims tests once, offline, and prints their summary', () => {
    expect(output).toContain(
      '$ claimsmith test examples/claimsmith.yaml examples/claimsmith.tests.yaml\n4 tests passed (examples/claimsmith.tests.yaml)',
    )
  })

  it("prints each expected refusal after the demo's heading that explains it", () => {
    const refusal = output.indexOf('[pre-token-generation] warn: trigger refused the request')
    const heading = output.indexOf('Demo: user2@example.com (inactive in DynamoDB) signs in')

    expect(refusal).toBeGreaterThan(-1)
    expect(heading).toBeGreaterThan(-1)
    expect(refusal).toBeGreaterThan(heading)
    expect(output.indexOf('[pre-token-generation] warn', refusal + 1)).toBe(-1)
  })

  it('prints a ready access token that userinfo answers with typed claims, and its curl command', async () => {
    const ready = endpoints.accessToken
    if (ready === undefined) throw new Error('no ready access token')
    const claims = decodeJwt(ready.token)

    expect(output).toContain(`ACCESS_TOKEN=${ready.token}`)
    expect(output).toContain(
      `curl -s -H "Authorization: Bearer $ACCESS_TOKEN" ${endpoints.userinfo}`,
    )
    // Signed with the pool's own key and issued to the web client, as its sign-in's token was.
    expect(decodeProtectedHeader(ready.token)).toMatchObject({ alg: 'RS256', kid: 'CognitoLocal' })
    expect(claims).toMatchObject({
      iss: endpoints.issuer,
      token_use: 'access',
      client_id: ready.clientId,
      sub: '8f1c0a2e-0000-4000-8000-000000000001',
      scope: 'openid profile email tenant orders/read orders/write',
    })
    const response = await fetch(endpoints.userinfo, {
      headers: { authorization: `Bearer ${ready.token}` },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      sub: '8f1c0a2e-0000-4000-8000-000000000001',
      tenant_id: 42,
      tenant_role: 'owner',
    })
  })

  it("prints a resource server's ready token and the curl that introspects the ready access token", async () => {
    const caller = endpoints.introspectionCaller
    const ready = endpoints.accessToken
    if (caller === undefined || ready === undefined) throw new Error('no ready tokens')

    expect(output).toContain(`RESOURCE_SERVER_TOKEN=${caller.token}`)
    expect(output).toContain(
      `curl -s -X POST -H "Authorization: Bearer $RESOURCE_SERVER_TOKEN" \\\n    --data-urlencode "token=$ACCESS_TOKEN" ${endpoints.introspection}`,
    )
    expect(new URL(endpoints.introspection).origin).toBe(new URL(endpoints.userinfo).origin)
    expect(decodeJwt(caller.token)).toMatchObject({
      iss: endpoints.issuer,
      token_use: 'access',
      client_id: caller.clientId,
      scope: 'orders/read billing/invoices.read claimsmith/introspect',
    })
    // Issued after the demo's sign-out, so it is active.
    expect(await introspect(ready.token)).toMatchObject({
      status: 200,
      body: { active: true, employee_id: 100234, tenant_id: 42, client_id: ready.clientId },
    })
  })

  it('prints the configuration as applied, and plan of it says "No changes" with no SDK warning', async () => {
    const command = `npx claimsmith plan ${endpoints.appliedConfigurationFile} --table ${endpoints.tableName} --endpoint ${endpoints.dynamoDb}`
    expect(output).toContain(command)
    const applied = await readFile(endpoints.appliedConfigurationFile, 'utf8')
    for (const { clientId } of endpoints.clients) expect(applied).toContain(`clientId: ${clientId}`)

    const plan = await claimsmith(command.split(' ').slice(2))

    expect(plan).toMatchObject({
      code: 0,
      output: expect.stringMatching(/^No changes: the table matches the configuration/m),
    })
    expect(plan.output).not.toContain('NodeVersionSupportWarning')
  })

  it('prints every endpoint, on loopback', () => {
    for (const endpoint of endpointsOf(endpoints)) {
      expect(new URL(endpoint).hostname).toBe('127.0.0.1')
      expect(output).toContain(endpoint)
    }
    expect(output).toContain(`aws lambda invoke --endpoint-url ${endpoints.lambda}`)
  })

  it('signs an example user in through cognito-local with the enriched ID token', async () => {
    const web = endpoints.clients.find((each) => each.name === '6example2spa3client4id')
    const user = endpoints.users.find((each) => each.active)
    const cognito = new CognitoIdentityProviderClient({
      endpoint: endpoints.cognito,
      region: endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    try {
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({
          ClientId: web?.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: user?.email ?? '', PASSWORD: endpoints.password },
        }),
      )
      const claims = decodeJwt(AuthenticationResult?.IdToken ?? '')

      expect(claims).toMatchObject({
        iss: endpoints.issuer,
        sub: '8f1c0a2e-0000-4000-8000-000000000001',
        tenant_id: '42',
        tenant_role: 'owner',
      })

      // cognito-local's own access token has no openid scope.
      const userinfo = await fetch(endpoints.userinfo, {
        headers: { authorization: `Bearer ${AuthenticationResult?.AccessToken}` },
      })
      expect(userinfo.status).toBe(403)
      expect(userinfo.headers.get('www-authenticate')).toContain('error="insufficient_scope"')
    } finally {
      cognito.destroy()
    }
  })

  it('serves a V2 event through the Invoke API with typed claims in both tokens', async () => {
    const { functionError, body } = await invoke(
      'pre-token-generation',
      sampleEvent('pre-token-generation-v2.json'),
    )

    expect(functionError).toBeNull()
    expect(body.response).toMatchObject({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tenant_id: 42, tenant_role: 'owner' } },
        accessTokenGeneration: {
          claimsToAddOrOverride: { department: 'sales', tenant_id: 42, employee_id: 100234 },
        },
      },
    })
  })

  it('refuses the inactive example user at pre-authentication through the Invoke API', async () => {
    const refused = await invoke(
      'pre-authentication',
      sampleEvent('pre-authentication-inactive.json'),
    )
    const allowed = await invoke('pre-authentication', sampleEvent('pre-authentication.json'))

    expect(refused).toEqual({
      functionError: 'Unhandled',
      body: { errorType: 'CognitoTriggerError', errorMessage: 'user is not active' },
    })
    expect(allowed.functionError).toBeNull()
  })

  it('answers 401 at userinfo without a token', async () => {
    const response = await fetch(endpoints.userinfo)

    expect(response.status).toBe(401)
  })

  it('answers {"active":false} to the ready token once the printed sign-out command has run', async () => {
    const ready = endpoints.accessToken
    if (ready === undefined) throw new Error('no ready access token')
    const command = `npx claimsmith users sign-out --sub 8f1c0a2e-0000-4000-8000-000000000001 --table ${endpoints.tableName} --endpoint ${endpoints.dynamoDb}`
    expect(output).toContain(command)
    // The ready token was issued in an earlier second than this sign-out: tokens carry whole seconds.
    const issuedAt = decodeJwt(ready.token).iat as number
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, (issuedAt + 1) * 1000 - Date.now())),
    )

    const signOut = await claimsmith(command.split(' ').slice(2))
    expect(signOut.code).toBe(0)
    expect(signOut.output).toContain('Refresh tokens still work')

    expect(await introspect(ready.token)).toEqual({ status: 200, body: { active: false } })
    const userinfo = await fetch(endpoints.userinfo, {
      headers: { authorization: `Bearer ${ready.token}` },
    })
    expect(userinfo.status).toBe(401)
  })

  it('stops on SIGINT with exit code 0, leaving no process or port behind', async () => {
    const running = stack as StackProcess
    const children = descendantsOf(running.child.pid as number)
    expect(children.length).toBeGreaterThan(0)

    running.child.kill('SIGINT')
    const { code, signal } = await running.exit

    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(running.output()).toContain('Stopped.')
    // Children that end when their stdin closes (cognito-local's guard, and
    // the esbuild service tsx starts on a cold cache) may end a moment after it.
    await expect.poll(() => children.filter(alive), { timeout: 5_000, interval: 20 }).toEqual([])
    for (const endpoint of endpointsOf(endpoints)) {
      expect(await refusesConnections(endpoint)).toBe(true)
    }
  }, 20_000)
})
