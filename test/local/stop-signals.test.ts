import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalStackEndpoints } from '../../lib/local/start-local-stack.js'
import {
  alive,
  descendantsOf,
  endpointsOf,
  killStack,
  refusesConnections,
  type StackProcess,
  spawnStack,
} from './support/stack-process.js'

// `npm start` as a user runs it, stopped by a signal to the npm process
// itself: INT and TERM (Ctrl-C from a script, `kill`, `timeout`), and HUP (a
// closed terminal), which npm does not pass on.

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const STARTUP_DEADLINE_MS = 90_000

let dir: string
const stacks = new Map<
  (typeof SIGNALS)[number],
  { stack: StackProcess; tmp: string; endpoints?: LocalStackEndpoints }
>()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-stop-signals-test-'))
  // All three at once: the machine is slow, and each has its own ports and temporary directory.
  for (const signal of SIGNALS) {
    const tmp = join(dir, signal, 'tmp')
    await mkdir(tmp, { recursive: true })
    const endpointsFile = join(dir, signal, 'endpoints.json')
    const args = ['start', '--', '--random-ports', '--no-demo']
    args.push('--dist-dir', join(dir, signal, 'dist'), '--endpoints-file', endpointsFile)
    const stack = spawnStack('npm', args, {
      endpointsFile,
      env: { TMPDIR: tmp },
      deadlineMs: STARTUP_DEADLINE_MS,
    })
    stacks.set(signal, { stack, tmp })
  }
  for (const entry of stacks.values()) entry.endpoints = await entry.stack.ready
}, STARTUP_DEADLINE_MS + 5_000)

afterAll(async () => {
  await Promise.all([...stacks.values()].map(({ stack }) => killStack(stack)))
  await rm(dir, { recursive: true, force: true })
})

describe('npm start stopped by a signal to npm', () => {
  it.each(
    SIGNALS,
  )('%s stops every child, frees every port and removes the temporary directory', async (signal) => {
    const entry = stacks.get(signal)
    if (entry?.endpoints === undefined) throw new Error(`the ${signal} stack did not start`)
    const { stack, tmp, endpoints } = entry
    const npm = stack.child.pid as number
    const descendants = descendantsOf(npm)
    // node (the stack, npm's script started with exec) and cognito-local at least.
    expect(descendants.length).toBeGreaterThanOrEqual(2)
    expect(
      (await readdir(tmp)).filter((name) => name.startsWith('claimsmith-local-')),
    ).toHaveLength(1)

    stack.child.kill(signal)
    await stack.exit

    await expect
      .poll(() => descendants.filter(alive), { timeout: 15_000, interval: 50 })
      .toEqual([])
    for (const endpoint of endpointsOf(endpoints)) {
      expect(await refusesConnections(endpoint)).toBe(true)
    }
    expect((await readdir(tmp)).filter((name) => name.startsWith('claimsmith-local-'))).toEqual([])
    expect(stack.output()).toContain('Stopped.')
  }, 30_000)
})
