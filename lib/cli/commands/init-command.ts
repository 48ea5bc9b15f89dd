import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initialClaimsTestsTemplate } from '../../claims-tests/index.js'
import { initialConfigurationTemplate } from '../../configuration-file/index.js'
import { CliError } from '../cli-error.js'
import type { CommandDefinition } from '../command-definition.js'
import { fileError } from '../load-configuration-file.js'
import { flag, stringValue } from '../parse-command-line.js'

const DEFAULT_FILE = 'claimsmith.yaml'

/** A schema shipped with the running CLI (`schema/…`): in a clone or in the installed package. */
function ownSchema(shipped: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, shipped))) return join(dir, shipped)
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/**
 * The schema reference for a file written at `filePath`, relative to it: the
 * project's installed package under the working directory's node_modules
 * when there is one (the reference then survives upgrades and other
 * machines), else the schema of the running CLI (a clone, or `npx` of a
 * package installed elsewhere).
 */
function schemaReferenceFor(filePath: string, cwd: string, schemaFile: string): string {
  const shipped = join('schema', schemaFile)
  const installed = join(cwd, 'node_modules', 'claimsmith', shipped)
  const schema = existsSync(installed) ? installed : (ownSchema(shipped) ?? installed)
  const path = relative(dirname(filePath), schema).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}

/** The claims tests written next to a configuration file: `claims.yaml` → `claims.tests.yaml`. */
function testsFileFor(fileName: string): string {
  const extension = extname(fileName)
  return `${fileName.slice(0, fileName.length - extension.length)}.tests${extension === '' ? '.yaml' : extension}`
}

async function writeNewFile(
  path: string,
  fileName: string,
  text: string,
  force: boolean,
): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError('CLI_FILE_EXISTS', `${fileName} exists; pass --force to overwrite it`)
    }
    throw fileError(error, fileName, 'write')
  }
}

/** `claimsmith init [file]`: writes the commented example configuration and its claims tests. */
export const initCommand: CommandDefinition = {
  name: 'init',
  summary: 'write a commented example configuration file',
  usage: 'claimsmith init [file] [--force] [--schema <path-or-url>]',
  description: [
    `Writes a configuration file (default ${DEFAULT_FILE}) with identity resources, API scopes and resources, two clients and development users, every part commented, and next to it claims tests for it (claimsmith.tests.yaml) that \`claimsmith test\` runs. The first line of each points editors at its JSON Schema, so they complete and check the file. Existing files are kept unless --force is given.`,
  ],
  options: {
    force: { type: 'boolean', short: 'f', description: 'overwrite the file if it exists' },
    schema: {
      type: 'string',
      placeholder: 'path-or-url',
      description:
        "where editors find the JSON Schema (default: node_modules/claimsmith/schema/claimsmith.schema.json when installed there, else the running CLI's own copy; relative to the file)",
    },
  },
  positionals: { min: 0, max: 1, names: 'file' },
  examples: [
    { command: 'claimsmith init', description: `writes ${DEFAULT_FILE} in the current directory` },
    {
      command: 'claimsmith init config/claims.yaml --force',
      description: 'writes or overwrites config/claims.yaml',
    },
  ],
  async run(context, { values, positionals }) {
    const fileName = positionals[0] ?? DEFAULT_FILE
    const path = context.resolvePath(fileName)
    const testsFileName = testsFileFor(fileName)
    const testsPath = context.resolvePath(testsFileName)
    const force = flag(values, 'force')
    const schema = stringValue(values, 'schema')
    const text = initialConfigurationTemplate({
      schemaReference: schema ?? schemaReferenceFor(path, context.cwd, 'claimsmith.schema.json'),
    })
    // Both checked first, so an existing tests file does not leave a configuration written alone.
    for (const [existing, name] of [
      [path, fileName],
      [testsPath, testsFileName],
    ] as const) {
      if (!force && existsSync(existing)) {
        throw new CliError('CLI_FILE_EXISTS', `${name} exists; pass --force to overwrite it`)
      }
    }
    await writeNewFile(path, fileName, text, force)
    const testsText = initialClaimsTestsTemplate({
      schemaReference: schemaReferenceFor(testsPath, context.cwd, 'claimsmith-tests.schema.json'),
    })
    await writeNewFile(testsPath, testsFileName, testsText, force)
    context.out(
      `Wrote ${fileName} and ${testsFileName}. Next: claimsmith validate ${fileName}, then claimsmith test ${fileName} ${testsFileName}`,
    )
    return 0
  },
}
