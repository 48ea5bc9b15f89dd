export {
  type ClaimsRuntime,
  type ClaimsRuntimeSettings,
  type CreateClaimsRuntimeOptions,
  createClaimsRuntime,
  readClaimsRuntimeSettings,
} from './create-claims-runtime.js'
