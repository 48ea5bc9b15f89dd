import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initialConfigurationTemplate } from '../../configuration-file/index.js'
import { CliError } from '../cli-error.js'
import type { CommandDefinition } from '../command-definition.js'
import { fileError } from '../load-configuration-file.js'
import { flag, stringValue } from '../parse-command-line.js'

const DEFAULT_FILE = 'claimsmith.yaml'

const SCHEMA = join('schema', 'claimsmith.schema.json')

/** The schema shipped with the running CLI: in a clone or in the installed package. */
function ownSchema(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, SCHEMA))) return join(dir, SCHEMA)
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
function schemaReferenceFor(filePath: string, cwd: string): string {
  const installed = join(cwd, 'node_modules', 'claimsmith', SCHEMA)
  const schema = existsSync(installed) ? installed : (ownSchema() ?? installed)
  const path = relative(dirname(filePath), schema).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}

/** `claimsmith init [file]`: writes the commented example configuration. */
export const initCommand: CommandDefinition = {
  name: 'init',
  summary: 'write a commented example configuration file',
  usage: 'claimsmith init [file] [--force] [--schema <path-or-url>]',
  description: [
    `Writes a configuration file (default ${DEFAULT_FILE}) with identity resources, API scopes and resources, two clients and development users, every part commented. Its first line points editors at the JSON Schema, so they complete and check the file. An existing file is kept unless --force is given.`,
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
    const text = initialConfigurationTemplate({
      schemaReference: stringValue(values, 'schema') ?? schemaReferenceFor(path, context.cwd),
    })
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, text, { encoding: 'utf8', flag: flag(values, 'force') ? 'w' : 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new CliError('CLI_FILE_EXISTS', `${fileName} exists; pass --force to overwrite it`)
      }
      throw fileError(error, fileName, 'write')
    }
    context.out(`Wrote ${fileName}. Next: claimsmith validate ${fileName}`)
    return 0
  },
}
