import { ClaimSchema, ConfigurationFileSchema } from './configuration-file-schema.js'
import { type JsonSchemaObject, valibotToJsonSchema } from './valibot-to-json-schema.js'

/**
 * The JSON Schema (draft 2020-12) of the configuration file, generated from
 * the same valibot schema the validator uses, so editors complete and check
 * the file. The cross-entry rules (duplicates, undefined scopes, reserved
 * claim types, values, the token budget) are beyond JSON Schema: run
 * `claimsmith validate` for those. Each call returns a new object.
 *
 * @example
 * configurationJsonSchema().properties.clients // { type: 'array', items: { … } }
 */
export function configurationJsonSchema(): JsonSchemaObject {
  return valibotToJsonSchema(ConfigurationFileSchema, { definitions: { Claim: ClaimSchema } })
}
