import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureBundles } from '../../lib/local/ensure-bundles.js'

let root: string
let reasons: string[]

// A repository of its own, so no test touches the real sources' times.
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'claimsmith-ensure-bundles-'))
  await mkdir(join(root, 'functions'))
  await writeFile(
    join(root, 'functions', 'userinfo.ts'),
    "import { answer } from './answer.js'\nexport const handler = async () => answer\n",
  )
  await writeFile(join(root, 'functions', 'answer.ts'), "export const answer = 'v1'\n")
  await writeFile(join(root, 'package-lock.json'), '{}\n')
  const past = new Date(Date.now() - 60_000)
  for (const file of ['functions/userinfo.ts', 'functions/answer.ts', 'package-lock.json']) {
    await utimes(join(root, file), past, past)
  }
  reasons = []
})

afterEach(() => rm(root, { recursive: true, force: true }))

const ensure = () =>
  ensureBundles({ rootDir: root, names: ['userinfo'], onBuild: (reason) => reasons.push(reason) })

const touch = (file: string) => {
  const future = new Date(Date.now() + 60_000)
  return utimes(join(root, file), future, future)
}

describe('ensureBundles', () => {
  it('builds a bundle that is missing, then leaves a fresh one alone', async () => {
    const first = await ensure()
    const second = await ensure()

    expect(first).toEqual({
      paths: { userinfo: join(root, 'dist', 'userinfo', 'index.mjs') },
      built: true,
    })
    expect(second.built).toBe(false)
    expect(reasons).toEqual([`no bundle for userinfo in ${join(root, 'dist')}`])
  })

  it.each([
    ['an imported source', 'functions/answer.ts', 'the sources changed since the last build'],
    ['the lockfile', 'package-lock.json', 'the dependencies changed since the last build'],
  ])('rebuilds when %s is newer than the bundle', async (_, file, reason) => {
    await ensure()
    await touch(file)

    expect((await ensure()).built).toBe(true)
    expect(reasons.at(-1)).toBe(reason)
  })

  it('refuses a function it does not know', async () => {
    await expect(ensureBundles({ rootDir: root, names: ['nope'] })).rejects.toThrow(TypeError)
  })
})
