export {
  type ClaimsRuntime,
  type ClaimsRuntimeSettings,
  type CreateClaimsRuntimeOptions,
  createClaimsRuntime,
  readClaimsRuntimeSettings,
} from './create-claims-runtime.js'
export { deadlineSignal } from './deadline-signal.js'
export { type Environment, EnvironmentReader } from './environment-reader.js'
export { SettingsError } from './settings-error.js'
