import { ClaimSchema } from '../configuration-file/configuration-file-schema.js'
import { valibotToJsonSchema } from '../configuration-file/valibot-to-json-schema.js'
import { ClaimsTestsFileSchema } from './claims-tests-file-schema.js'

/**
 * The JSON Schema of the tests file as the text of
 * schema/claimsmith-tests.schema.json (two-space indented, ending in a
 * newline), generated from the schema `claimsmith test` validates with, so
 * editors complete and check the file.
 *
 * @example
 * await writeFile('schema/claimsmith-tests.schema.json', claimsTestsJsonSchemaText())
 */
export function claimsTestsJsonSchemaText(): string {
  const schema = valibotToJsonSchema(ClaimsTestsFileSchema, { definitions: { Claim: ClaimSchema } })
  return `${JSON.stringify(schema, null, 2)}\n`
}
