export { type Environment, EnvironmentReader } from './environment-reader.js'
export { SettingsError } from './settings-error.js'
