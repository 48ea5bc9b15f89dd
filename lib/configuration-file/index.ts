export { clientClaimsBytes } from './check-token-budget.js'
export type {
  ClaimsmithConfigurationFile,
  ConfigurationSettings,
} from './claimsmith-configuration-file.js'
export {
  ConfigurationFileSchema,
  type ConfigurationFileShape,
  DEFAULT_TOKEN_SIZE_BUDGET_BYTES,
} from './configuration-file-schema.js'
export { configurationJsonSchema } from './configuration-json-schema.js'
export { configurationJsonSchemaText } from './configuration-json-schema-text.js'
export type { ConfigurationFileResult, ConfigurationProblem } from './configuration-problem.js'
export { formatProblem } from './format-problem.js'
export {
  type InitialConfigurationTemplateOptions,
  initialConfigurationTemplate,
  PACKAGE_SCHEMA_REFERENCE,
} from './initial-configuration-template.js'
export { parseConfigurationFile } from './parse-configuration-file.js'
export type { JsonSchemaObject } from './valibot-to-json-schema.js'
export { writeConfigurationJsonSchema } from './write-configuration-json-schema.js'
