import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { LocalStackEndpoints } from '../../../lib/local/start-local-stack.js'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const READY = 'claimsmith local stack ready'

/** A local stack started as a user starts it, in a child process. */
export interface StackProcess {
  readonly child: ChildProcess
  /** Everything it printed so far, standard output and error interleaved. */
  output(): string
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Resolves with the endpoints once the ready line is printed. */
  readonly ready: Promise<LocalStackEndpoints>
}

/**
 * Spawns `command args` (e.g. `npm start -- …` or `node --import tsx
 * scripts/start-local.ts …`) in the repository with only PATH, HOME and
 * `env`, and waits for the ready line; the endpoints come from the file
 * given with `--endpoints-file`.
 */
export function spawnStack(
  command: string,
  args: readonly string[],
  options: {
    readonly endpointsFile: string
    readonly env?: Record<string, string>
    readonly deadlineMs: number
  },
): StackProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    // No AWS settings of the developer's reach the stack.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${options.deadlineMs} ms:\n${output}`)),
      options.deadlineMs,
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
  }).then(
    async () => JSON.parse(await readFile(options.endpointsFile, 'utf8')) as LocalStackEndpoints,
  )
  return { child, output: () => output, exit, ready }
}

/** Kills a stack that is still running (a failed test's) and every process below it. */
export async function killStack(stack: StackProcess | undefined): Promise<void> {
  if (stack === undefined) return
  if (stack.child.exitCode === null && stack.child.signalCode === null) {
    const below = descendantsOf(stack.child.pid as number)
    stack.child.kill('SIGKILL')
    for (const pid of below) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // It ended already.
      }
    }
    await stack.exit
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command may hold spaces or parentheses; the fields after the last ")" do not.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every process below `pid`, from /proc (Linux). */
export function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = parentOf(Number(entry))
    // The process ended while the list was read when there is none.
    if (parent !== undefined) parents.set(Number(entry), parent)
  }
  const found: number[] = []
  const below = [pid]
  while (below.length > 0) {
    const parent = below.pop() as number
    for (const [child, itsParent] of parents) {
      if (itsParent === parent) {
        found.push(child)
        below.push(child)
      }
    }
  }
  return found
}

/** Whether `pid` still runs; a zombie (ended, not yet reaped by its new parent) does not. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z'
  } catch {
    return false
  }
}

/** Whether nothing listens at `endpoint` any more. */
export function refusesConnections(endpoint: string): Promise<boolean> {
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

/** The stack's four endpoints. */
export function endpointsOf(endpoints: LocalStackEndpoints): string[] {
  return [
    endpoints.dynamoDb,
    endpoints.cognito,
    endpoints.lambda,
    endpoints.userinfo,
    endpoints.introspection,
  ]
}
