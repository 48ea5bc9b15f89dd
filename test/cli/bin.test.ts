import { spawn } from 'node:child_process'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildCli } from '../../lib/deploy/build-cli.js'

// bin/claimsmith.js as an installed package runs it: a fresh `node` with the
// built bundle next to it, and no setting of the SDK's warning inherited.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// Inside the repository, so that the bundle's external packages resolve from node_modules.
const PACKAGE = join(ROOT, 'dist', `test-bin-${process.pid}`)

function run(
  args: readonly string[],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, [join(PACKAGE, 'bin', 'claimsmith.js'), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

beforeAll(async () => {
  await mkdir(join(PACKAGE, 'bin'), { recursive: true })
  await copyFile(join(ROOT, 'bin', 'claimsmith.js'), join(PACKAGE, 'bin', 'claimsmith.js'))
  await buildCli({ outFile: join(PACKAGE, 'dist', 'cli', 'claimsmith.mjs') })
}, 60_000)

afterAll(async () => {
  await rm(PACKAGE, { recursive: true, force: true })
})

describe('bin/claimsmith.js', () => {
  it('prints no NodeVersionSupportWarning of the AWS SDK on a command that uses DynamoDB', async () => {
    const { code, stdout, stderr } = await run([
      'users',
      'get',
      '--sub',
      '8f1c0a2e-0000-4000-8000-00000000ffff',
      '--table',
      'claimsmith-bin-test-missing',
      '--endpoint',
      inject('dynamoDbLocalEndpoint'),
    ])

    // The command ran as far as DynamoDB, which has no such table.
    expect({ code, stderr }).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('ResourceNotFoundException'),
    })
    expect(`${stdout}${stderr}`).not.toContain('NodeVersionSupportWarning')
    expect(stderr).not.toContain('(node:')
  })
})
