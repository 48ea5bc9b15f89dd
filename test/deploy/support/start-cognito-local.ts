import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface CognitoLocal {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string
  stop(): Promise<void>
}

const STARTUP_DEADLINE_MS = 20_000
const READY = /Cognito Local running on (http:\/\/127\.0\.0\.1:\d+)/

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
  return text.replace(/\x1b\[[0-9;]*m/g, '')
}

/**
 * Starts cognito-local as a child process on 127.0.0.1 and a port the OS
 * picks, with its data in a fresh temporary directory.
 *
 * @example
 * const cognito = await startCognitoLocal()
 * // ... new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, ... })
 * await cognito.stop()
 */
export async function startCognitoLocal(): Promise<CognitoLocal> {
  const dataDir = await mkdtemp(join(tmpdir(), 'claimsmith-cognito-local-'))
  const start = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js')
  const child: ChildProcess = spawn(process.execPath, [start], {
    cwd: dataDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`cognito-local did not start in time:\n${output}`))
    }, STARTUP_DEADLINE_MS)
    const onData = (chunk: Buffer) => {
      output = stripAnsi(output + chunk.toString()).slice(-8000)
      const match = READY.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`cognito-local exited with ${code}:\n${output}`))
    })
  })
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
