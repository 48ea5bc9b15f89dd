import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStackEndpoints } from '../../lib/local/start-local-stack.js'

// `npm start` as a user runs it: a child process, ready when it says so,
// stopped with Ctrl-C (SIGINT).

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const READY = 'claimsmith local stack ready'
const STARTUP_DEADLINE_MS = 60_000

let dir: string
let stack: ChildProcess | undefined
let output = ''
let endpoints: LocalStackEndpoints
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

/** The pids of `pid`'s children, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // The command may hold spaces or parentheses; the fields after the last ")" do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) children.push(Number(entry))
    } catch {
      // The process ended while the list was read.
    }
  }
  return children
}

/** Whether `pid` still runs; a zombie (ended, not yet reaped by its new parent) does not. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z'
  } catch {
    return false
  }
}

function refusesConnections(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

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

function sampleEvent(fileName: string): string {
  const found = endpoints.sampleEvents.find((each) => each.path.endsWith(`/${fileName}`))
  if (found === undefined) throw new Error(`no sample event ${fileName}`)
  return found.path
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-local-stack-test-'))
  const endpointsFile = join(dir, 'endpoints.json')
  stack = spawn(
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
    {
      cwd: ROOT,
      // No AWS settings of the developer's reach the stack.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const child = stack
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${STARTUP_DEADLINE_MS} ms:\n${output}`)),
      STARTUP_DEADLINE_MS,
    )
    const watch = () => {
      if (!output.includes(READY)) return
      clearTimeout(timer)
      resolve()
    }
    child.stdout?.on('data', watch)
    void exit.then(({ code }) => {
      clearTimeout(timer)
      reject(new Error(`the stack exited with ${code} before it was ready:\n${output}`))
    })
  })
  endpoints = JSON.parse(await readFile(endpointsFile, 'utf8')) as LocalStackEndpoints
}, STARTUP_DEADLINE_MS + 5_000)

afterAll(async () => {
  if (stack !== undefined && stack.exitCode === null && stack.signalCode === null) {
    stack.kill('SIGKILL')
    await exit
  }
  await rm(dir, { recursive: true, force: true })
})

describe('npm start (scripts/start-local.ts)', () => {
  it('prints the demo: enriched ID-token claims, a userinfo answer, the inactive user refused', () => {
    expect(output).toContain('"tenant_id": "42"')
    expect(output).toContain('"tenant_role": "owner"')
    expect(output).toMatch(/Demo: the same user in a V2_0 event/)
    expect(output).toContain('"tenant_id": 42')
    expect(output).toContain('"employee_id": 100234')
    expect(output).toMatch(/GET userinfo with that access token -> 403/)
    expect(output).toContain('"error": "insufficient_scope"')
    expect(output).toMatch(
      /user2@example\.com \(inactive in DynamoDB\) signs in -> refused:\s+UserLambdaValidationException: pre-token-generation failed with error user is not active\./,
    )
  })

  it('runs the example claims tests once, offline, and prints their summary', () => {
    expect(output).toContain(
      '$ claimsmith test examples/claimsmith.yaml examples/claimsmith.tests.yaml\n4 tests passed (examples/claimsmith.tests.yaml)',
    )
  })

  it('prints every endpoint, on loopback', () => {
    for (const endpoint of [
      endpoints.dynamoDb,
      endpoints.cognito,
      endpoints.lambda,
      endpoints.userinfo,
    ]) {
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

  it('stops on SIGINT with exit code 0, leaving no process or port behind', async () => {
    const pid = stack?.pid as number
    const children = childrenOf(pid)
    expect(children.length).toBeGreaterThan(0)

    stack?.kill('SIGINT')
    const { code, signal } = await exit

    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(output).toContain('Stopped.')
    // Children that end when their stdin closes (cognito-local's guard, and
    // the esbuild service tsx starts on a cold cache) may end a moment after it.
    await expect.poll(() => children.filter(alive), { timeout: 5_000, interval: 20 }).toEqual([])
    for (const endpoint of [
      endpoints.dynamoDb,
      endpoints.cognito,
      endpoints.lambda,
      endpoints.userinfo,
    ]) {
      expect(await refusesConnections(endpoint)).toBe(true)
    }
  }, 20_000)
})
