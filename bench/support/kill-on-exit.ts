import type { ChildProcess } from 'node:child_process'

const alive = new Set<ChildProcess>()
let installed = false

function killAll(): void {
  for (const child of alive) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
}

/**
 * Kills `child` when this process exits, however it exits: normally, on an
 * uncaught error or on SIGINT/SIGTERM (which are turned into an exit, so the
 * `exit` hook runs). A child that ends by itself is forgotten.
 *
 * @example
 * const java = killOnExit(spawn('java', args))
 */
export function killOnExit<T extends ChildProcess>(child: T): T {
  if (!installed) {
    installed = true
    process.once('exit', killAll)
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        killAll()
        process.exit(signal === 'SIGINT' ? 130 : 143)
      })
    }
  }
  alive.add(child)
  child.once('exit', () => alive.delete(child))
  return child
}
