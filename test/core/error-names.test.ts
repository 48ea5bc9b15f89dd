import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

// Every class that extends an error class, with its body up to the next class or the end.
const ERROR_CLASS =
  /class (\w+) extends (\w*Error|OAuthError)\b[^{]*\{([\s\S]*?)(?=\n(?:export )?(?:abstract )?class |$)/g

const errorClasses = sourceFiles(join(ROOT, 'lib')).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(ERROR_CLASS)].map((match) => ({
    file: relative(ROOT, file),
    name: match[1] as string,
    body: match[3] as string,
  })),
)

describe('error class names', () => {
  it('finds the error classes of lib', () => {
    expect(errorClasses.map((c) => c.name)).toEqual(
      expect.arrayContaining(['ClaimsmithError', 'CognitoEventInvalidError', 'InvalidToken']),
    )
  })

  // The function bundles are minified without esbuild's keepNames (it wraps every function
  // and class at run time, ~10 % of the cold start), so a name read from the class itself
  // (`new.target.name`, `constructor.name`) would be a mangled one in the logs.
  it.each(errorClasses)('$file: $name states its own name', ({ name, body }) => {
    expect(body).toContain(`override readonly name: string = '${name}'`)
  })
})
