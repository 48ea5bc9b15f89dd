import { writeFile } from 'node:fs/promises'
import { configurationJsonSchemaText } from './configuration-json-schema-text.js'

/**
 * Writes the configuration file's JSON Schema to `filePath` (the package ships
 * it as schema/claimsmith.schema.json; a test fails when that file is stale).
 *
 * @example
 * await writeConfigurationJsonSchema('schema/claimsmith.schema.json')
 */
export async function writeConfigurationJsonSchema(filePath: string): Promise<void> {
  await writeFile(filePath, configurationJsonSchemaText(), 'utf8')
}
