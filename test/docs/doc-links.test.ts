import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
]

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-')
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] as string)))
}

/** Every Markdown link target in a file, outside code blocks. */
function linksIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string)
}

describe('the documentation', () => {
  it.each(DOCS)('%s: every relative link resolves, anchors included', (file) => {
    const broken: string[] = []
    for (const link of linksIn(file)) {
      if (/^[a-z]+:/i.test(link)) continue
      const [path = '', anchor] = link.split('#')
      const target = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path))
      if (!existsSync(join(ROOT, target))) {
        broken.push(`${link}: no ${target}`)
        continue
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchorsIn(target).has(anchor)) {
        broken.push(`${link}: no heading #${anchor} in ${target}`)
      }
    }
    expect(broken).toEqual([])
  })

  it.each(DOCS)('%s points at nothing outside the repository', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    expect(text).not.toMatch(/\.\.\/shared|\bSPEC\b|§/)
    for (const link of linksIn(file)) {
      if (/^[a-z]+:/i.test(link) || link.startsWith('#')) continue
      const target = relative(ROOT, join(ROOT, dirname(file), link.split('#')[0] as string))
      expect(target.startsWith('..'), `${file} links ${link}`).toBe(false)
    }
  })

  it("lists every lib/ module in the README's layout table, and only paths that exist", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const layout = readme.slice(readme.indexOf('## Layout'))
    const listed = new Set([...layout.matchAll(/`([^`]+\/)`/g)].map((match) => match[1] as string))
    for (const path of listed) expect(existsSync(join(ROOT, path)), path).toBe(true)
    const modules = readdirSync(join(ROOT, 'lib'))
      .filter((name) => statSync(join(ROOT, 'lib', name)).isDirectory())
      .map((name) => `lib/${name}/`)
    expect(modules.filter((module) => !listed.has(module))).toEqual([])
  })
})
