import { readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { isMap, isSeq, parseDocument } from 'yaml'

/** Settings for `writeLocalConfiguration`. */
export interface WriteLocalConfigurationOptions {
  /** The configuration file the stack was given. */
  readonly sourcePath: string
  /** Where the local copy goes. */
  readonly targetPath: string
  /** The app client id cognito-local gave each client of the file, by the file's client id. */
  readonly clientIds: ReadonlyMap<string, string>
}

const SCHEMA_REFERENCE = /(yaml-language-server:\s*\$schema=)(\S+)/

/**
 * Writes the configuration the local stack applies: the given file, comments
 * and all, with each client's id replaced by the one cognito-local made, and
 * a relative schema reference made absolute so editors still find it. `plan`
 * of this file against the local table says "No changes", and `apply
 * --prune` of it keeps the clients the local pool uses.
 *
 * @example
 * await writeLocalConfiguration({ sourcePath: 'examples/claimsmith.yaml', targetPath, clientIds })
 */
export async function writeLocalConfiguration(
  options: WriteLocalConfigurationOptions,
): Promise<void> {
  const source = await readFile(options.sourcePath, 'utf8')
  const document = parseDocument(
    source.replace(SCHEMA_REFERENCE, (whole, prefix: string, reference: string) =>
      /^[a-z][a-z0-9+.-]*:/i.test(reference)
        ? whole
        : `${prefix}${resolve(dirname(options.sourcePath), reference)}`,
    ),
  )
  const clients = document.get('clients')
  if (isSeq(clients)) {
    for (const client of clients.items) {
      if (!isMap(client)) continue
      const fileId = client.get('clientId')
      const localId = typeof fileId === 'string' ? options.clientIds.get(fileId) : undefined
      if (localId === undefined) {
        throw new TypeError(`writeLocalConfiguration: no local app client for ${String(fileId)}`)
      }
      client.set('clientId', localId)
    }
  }
  await writeFile(options.targetPath, document.toString())
}
