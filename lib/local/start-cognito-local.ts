import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freeLoopbackPort } from './listen-on-loopback.js'

/**
 * The triggers cognito-local 5.3.0 calls (its `TriggerFunctions` keys). It
 * has no PreAuthentication trigger, and it calls PreTokenGeneration with
 * version 1 events only (see `acceptCognitoLocalEvents`).
 */
export const COGNITO_LOCAL_TRIGGERS = Object.freeze([
  'CustomEmailSender',
  'CustomMessage',
  'PostAuthentication',
  'PostConfirmation',
  'PreSignUp',
  'PreTokenGeneration',
  'UserMigration',
] as const)

export type CognitoLocalTrigger = (typeof COGNITO_LOCAL_TRIGGERS)[number]

/** Settings for `startCognitoLocal`. */
export interface StartCognitoLocalOptions {
  /** The Lambda Invoke API cognito-local calls its triggers through, e.g. `http://127.0.0.1:9230`. */
  readonly lambdaEndpoint?: string
  /** Function names by trigger; needs `lambdaEndpoint`. */
  readonly triggerFunctions?: Readonly<Partial<Record<CognitoLocalTrigger, string>>>
  /** The port to listen on; 0 (the default) picks a free one. */
  readonly port?: number
  /** When `port` is taken, take a free one instead of failing. Default false. */
  readonly orFreePort?: boolean
  /**
   * Where cognito-local keeps `.cognito/config.json` and its database.
   * Default: a fresh temporary directory, removed by `stop()`.
   */
  readonly dataDir?: string
  /** Gets each line cognito-local logs. Default: none are shown (the last ones go into errors). */
  readonly onLog?: (line: string) => void
  /** Default 20 s. */
  readonly startupTimeoutMs?: number
}

/** A running cognito-local. */
export interface CognitoLocal {
  /** The Cognito user pools API endpoint, e.g. `http://127.0.0.1:9229`. */
  readonly endpoint: string
  readonly port: number
  readonly pid: number
  /** The `iss` of the pool's tokens, e.g. `http://127.0.0.1:9229/local_AbC123`. */
  issuer(userPoolId: string): string
  /** The pool's key set, `<issuer>/.well-known/jwks.json`. */
  jwksUrl(userPoolId: string): string
  /** Stops the process and, when it made it, removes the data directory. */
  stop(): Promise<void>
}

const READY = /Cognito Local running on (https?:\/\/[^\s]+)/
const OUTPUT_LIMIT = 8_000
const PORT_ATTEMPTS = 3

// Runs cognito-local in a child that also exits when its stdin closes, so it
// cannot outlive a parent that was killed without the chance to stop it.
const GUARDED_START = [
  "process.stdin.on('end', () => process.exit(0))",
  "process.stdin.on('error', () => process.exit(0))",
  'process.stdin.resume()',
  'require(process.argv[1])',
].join(';')

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}

/**
 * Starts cognito-local 5.3.0 as a child process on 127.0.0.1, configured
 * through `.cognito/config.json` in its data directory: its Lambda client
 * pointed at `lambdaEndpoint` with fake credentials, the given trigger
 * functions, and the token issuer set to the port it really listens on (its
 * default would say `localhost:9229`). The child gets none of this process's
 * environment but PATH, so it never sees real AWS credentials.
 *
 * @example
 * const cognito = await startCognitoLocal({
 *   lambdaEndpoint: lambda.endpoint,
 *   triggerFunctions: { PreTokenGeneration: 'pre-token-generation' },
 * })
 * const client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region: 'local', credentials })
 */
export async function startCognitoLocal(
  options: StartCognitoLocalOptions = {},
): Promise<CognitoLocal> {
  const triggerFunctions = options.triggerFunctions ?? {}
  for (const trigger of Object.keys(triggerFunctions)) {
    if (!(COGNITO_LOCAL_TRIGGERS as readonly string[]).includes(trigger)) {
      throw new TypeError(
        `startCognitoLocal: cognito-local 5.3.0 has no ${trigger} trigger; it calls ${COGNITO_LOCAL_TRIGGERS.join(', ')}`,
      )
    }
  }
  if (Object.keys(triggerFunctions).length > 0 && options.lambdaEndpoint === undefined) {
    throw new TypeError('startCognitoLocal: triggerFunctions need a lambdaEndpoint')
  }
  const ownDataDir = options.dataDir === undefined
  const dataDir = ownDataDir
    ? await mkdtemp(join(tmpdir(), 'claimsmith-cognito-local-'))
    : resolve(options.dataDir as string)
  const start = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js')

  try {
    let preferred = options.port ?? 0
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort(preferred)
      if (preferred !== 0 && port !== preferred && !options.orFreePort) {
        throw new Error(`startCognitoLocal: port ${preferred} is taken`)
      }
      await writeConfig(dataDir, port, options.lambdaEndpoint, triggerFunctions)
      try {
        const child = await spawnCognitoLocal(start, dataDir, port, options)
        return running(child, port, async () => {
          if (ownDataDir) await rm(dataDir, { recursive: true, force: true })
        })
      } catch (error) {
        // Another process may have taken the port between the probe and the child's listen.
        if (!(error instanceof PortTakenError) || attempt >= PORT_ATTEMPTS) throw error
        preferred = options.orFreePort ? 0 : preferred
      }
    }
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}

class PortTakenError extends Error {
  override readonly name: string = 'PortTakenError'
}

async function writeConfig(
  dataDir: string,
  port: number,
  lambdaEndpoint: string | undefined,
  triggerFunctions: Readonly<Partial<Record<CognitoLocalTrigger, string>>>,
): Promise<void> {
  const config = {
    LambdaClient: {
      ...(lambdaEndpoint === undefined ? {} : { endpoint: lambdaEndpoint }),
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    },
    TriggerFunctions: triggerFunctions,
    TokenConfig: { IssuerDomain: `http://127.0.0.1:${port}` },
  }
  await mkdir(join(dataDir, '.cognito'), { recursive: true })
  await writeFile(join(dataDir, '.cognito', 'config.json'), `${JSON.stringify(config, null, 2)}\n`)
}

function spawnCognitoLocal(
  start: string,
  dataDir: string,
  port: number,
  options: StartCognitoLocalOptions,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', GUARDED_START, start], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  let partial = ''
  const onData = (chunk: Buffer) => {
    const text = stripAnsi(partial + chunk.toString())
    const lines = text.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      output = `${output}${line}\n`.slice(-OUTPUT_LIMIT)
      options.onLog?.(line)
    }
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)

  return new Promise<ChildProcess>((resolvePromise, reject) => {
    const timeoutMs = options.startupTimeoutMs ?? 20_000
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.stdout?.off('data', watch)
      child.kill('SIGKILL')
      reject(error)
    }
    const timer = setTimeout(
      () => fail(new Error(`cognito-local did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const watch = () => {
      if (!READY.test(output)) return
      clearTimeout(timer)
      child.stdout?.off('data', watch)
      child.off('exit', onExit)
      resolvePromise(child)
    }
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      const message = `cognito-local exited during startup (code ${code}):\n${output}`
      reject(/EADDRINUSE/.test(output) ? new PortTakenError(message) : new Error(message))
    }
    child.stdout?.on('data', watch)
    child.once('exit', onExit)
    child.once('error', fail)
  })
}

function running(child: ChildProcess, port: number, cleanUp: () => Promise<void>): CognitoLocal {
  const endpoint = `http://127.0.0.1:${port}`
  let stopping: Promise<void> | undefined
  return {
    endpoint,
    port,
    pid: child.pid as number,
    issuer: (userPoolId) => `${endpoint}/${userPoolId}`,
    jwksUrl: (userPoolId) => `${endpoint}/${userPoolId}/.well-known/jwks.json`,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
          child.kill('SIGTERM')
          const killer = setTimeout(() => child.kill('SIGKILL'), 5_000)
          await exited
          clearTimeout(killer)
        }
        child.stdin?.destroy()
        await cleanUp()
      })()
      return stopping
    },
  }
}
