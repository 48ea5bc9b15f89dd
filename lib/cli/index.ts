export {
  ApplyConflictError,
  ApplyIncompleteError,
  type ApplyPlanOptions,
  type ApplyResult,
  applyPlan,
  describeItem,
  type PlanWriter,
} from './apply-plan.js'
export type { RetryOptions } from './backoff.js'
export { CliError } from './cli-error.js'
export type { CliInputStream, CliIo, CliOutputStream } from './cli-io.js'
export { CLI_DYNAMODB_CLIENT_SETTINGS } from './command-context.js'
export { configurationFromFile } from './configuration-from-file.js'
export {
  type ClaimDecision,
  type ClaimDecisionReason,
  type ClaimsExplanation,
  type ExplainClaimsInput,
  type ExplainedCaller,
  explainClaims,
  INTROSPECTION_CALLER,
  type RequestingResource,
} from './explain-claims.js'
export {
  type ConfigurationFileData,
  type ConfigurationFileFormat,
  type ExportedClient,
  type ExportedUser,
  exportConfiguration,
  type FormatConfigurationFileOptions,
  formatConfigurationFile,
} from './export-configuration.js'
export { type FormatExplanationOptions, formatExplanation } from './format-explanation.js'
export { type FormatPlanOptions, formatPlan, formatPlanSummary } from './format-plan.js'
export {
  type ImportProgress,
  type ImportResult,
  ImportStoppedError,
  type ImportUsersFromFileOptions,
  type ImportUsersOptions,
  importFormatOf,
  importUsers,
  importUsersFromFile,
  type UserImportFormat,
} from './import-users.js'
export {
  ConfigurationFileInvalidError,
  configurationManagesUsers,
  type LoadedConfigurationFile,
  loadConfigurationFile,
  parseConfigurationText,
} from './load-configuration-file.js'
export { main } from './main.js'
export {
  type Plan,
  type PlanChange,
  type PlanConfigurationOptions,
  type PlanFieldChange,
  type PlannedConfiguration,
  planConfiguration,
} from './plan-configuration.js'
export type { PlanItem, PlanItemKind } from './plan-item.js'
export {
  createProgressReporter,
  type ProgressReporter,
  type ProgressReporterOptions,
} from './progress-reporter.js'
export { type ClaimsTableContents, readClaimsTable } from './read-claims-table.js'
export { type CsvRow, type ReadCsvRowsOptions, readCsvRows } from './read-csv-rows.js'
export { type ReadUserResult, readUser } from './read-user.js'
export {
  CSV_COLUMNS,
  type ImportFailure,
  readCsvUsers,
  readJsonLinesUsers,
  type UserImportEntry,
} from './read-user-records.js'
export { UsageError } from './usage-error.js'
export {
  type UserRecordProblem,
  type UserRecordResult,
  validateUserRecord,
} from './validate-user-record.js'
