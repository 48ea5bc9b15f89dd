export type {
  ConfigurationItem,
  StoredClient,
  VersionedConfigurationItem,
} from './configuration-item.js'
export { countDynamoDbRequests, type DynamoDbRequestCounter } from './count-dynamodb-requests.js'
export {
  type CreateClaimsTableOptions,
  createClaimsTable,
} from './create-claims-table.js'
export {
  createDynamoDbClient,
  DYNAMODB_CLIENT_DEFAULTS,
  type DynamoDbClientOptions,
} from './create-dynamodb-client.js'
export {
  DynamoDbClaimsStore,
  type DynamoDbClaimsStoreOptions,
} from './dynamodb-claims-store.js'
export {
  type ClaimValue,
  type ConditionalWriteOptions,
  type DeleteOptions,
  DynamoDbClaimsWriter,
  type DynamoDbClaimsWriterOptions,
} from './dynamodb-claims-writer.js'
export {
  DynamoDbConfigurationSource,
  type DynamoDbConfigurationSourceOptions,
} from './dynamodb-configuration-source.js'
export {
  DynamoDbItemReader,
  type DynamoDbItemReaderOptions,
  type ItemRead,
  type PartitionRead,
} from './dynamodb-item-reader.js'
export { CorruptItemError, ItemNotFoundError, ItemVersionConflictError } from './errors.js'
export {
  type ClaimsTableExport,
  type ExportClaimsTableOptions,
  exportClaimsTable,
} from './export-claims-table.js'
export {
  CLAIMS_SCHEMA_VERSION,
  type ConfigurationItemKind,
  configurationItemKey,
  type ItemKey,
  legacyClientKey,
  READABLE_SCHEMA_VERSIONS,
  userKey,
} from './item-keys.js'
export {
  type MigrateClaimsTableOptions,
  type MigrateClaimsTableResult,
  type MigratedClientOutcome,
  migrateClaimsTable,
} from './migrate-claims-table.js'
export type { InvalidClaimReporter, InvalidStoredClaim } from './parse-stored-claims.js'
export type { VersionedUser } from './parse-user-item.js'
export { type ScanUsersOptions, scanUsers } from './scan-users.js'
export { storedItem, userItem } from './stored-item.js'
