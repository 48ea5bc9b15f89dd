import { configurationJsonSchema } from './configuration-json-schema.js'

/**
 * The JSON Schema as the text of schema/claimsmith.schema.json: two-space
 * indented JSON ending in a newline.
 *
 * @example
 * await writeFile('schema/claimsmith.schema.json', configurationJsonSchemaText())
 */
export function configurationJsonSchemaText(): string {
  return `${JSON.stringify(configurationJsonSchema(), null, 2)}\n`
}
