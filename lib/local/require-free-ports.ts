import { createServer } from 'node:http'
import { CliError } from '../cli/cli-error.js'
import { describePortHolder } from './port-holder.js'

async function isTaken(port: number): Promise<boolean> {
  const probe = createServer()
  return new Promise<boolean>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true)
      else reject(error)
    })
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)))
  })
}

/**
 * Throws a CliError (`LOCAL_PORTS_TAKEN`) naming every port of `ports` that is
 * taken on 127.0.0.1, what it was for and, where /proc tells, the process
 * that holds it: a second stack on other ports would leave the printed
 * commands pointing at the first.
 *
 * @example
 * await requireFreePorts({ 'cognito-local': 9229, userinfo: 9231 })
 */
export async function requireFreePorts(ports: Readonly<Record<string, number>>): Promise<void> {
  const taken: string[] = []
  for (const [purpose, port] of Object.entries(ports)) {
    if (!(await isTaken(port))) continue
    const holder = await describePortHolder(port)
    taken.push(`port ${port} (${purpose}) is taken by ${holder ?? 'another process'}`)
  }
  if (taken.length === 0) return
  throw new CliError(
    'LOCAL_PORTS_TAKEN',
    `${taken.length === 1 ? 'a port' : 'ports'} of the local stack ${taken.length === 1 ? 'is' : 'are'} taken: stop what holds ${taken.length === 1 ? 'it' : 'them'} (another \`npm start\`?), or run \`npm start -- --random-ports\``,
    { details: taken },
  )
}
