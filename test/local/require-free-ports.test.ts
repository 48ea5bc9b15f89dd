import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CliError } from '../../lib/cli/cli-error.js'
import { describePortHolder } from '../../lib/local/port-holder.js'
import { requireFreePorts } from '../../lib/local/require-free-ports.js'

const servers: Server[] = []

async function holdPort(): Promise<number> {
  const server = createServer()
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function freePort(): Promise<number> {
  const port = await holdPort()
  const server = servers.pop() as Server
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

describe('requireFreePorts', () => {
  it('names each taken port, what it is for and the process that holds it', async () => {
    const taken = await holdPort()
    const free = await freePort()

    const error = await requireFreePorts({ 'cognito-local': taken, userinfo: free }).catch(
      (caught: unknown) => caught,
    )

    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({
      code: 'LOCAL_PORTS_TAKEN',
      message:
        'a port of the local stack is taken: stop what holds it (another `npm start`?), or run `npm start -- --random-ports`',
      details: [
        expect.stringMatching(
          new RegExp(`^port ${taken} \\(cognito-local\\) is taken by pid ${process.pid}: `),
        ),
      ],
    })
  })

  it('resolves when every port is free', async () => {
    await expect(requireFreePorts({ userinfo: await freePort() })).resolves.toBeUndefined()
  })
})

describe('describePortHolder', () => {
  it('tells the pid and command line of the process listening on a port', async () => {
    const port = await holdPort()

    expect(await describePortHolder(port)).toMatch(new RegExp(`^pid ${process.pid}: \\S*node`))
  })

  it('tells nothing about a port nobody listens on', async () => {
    expect(await describePortHolder(await freePort())).toBeUndefined()
  })
})
