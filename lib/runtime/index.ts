export {
  type ClaimsRuntime,
  type ClaimsRuntimeSettings,
  type CreateClaimsRuntimeOptions,
  createClaimsRuntime,
  readClaimsRuntimeSettings,
} from './create-claims-runtime.js'
export { type Deadline, startDeadline } from './deadline.js'
export { type Environment, EnvironmentReader } from './environment-reader.js'
export { SettingsError } from './settings-error.js'
