export {
  CachedConfigurationSource,
  type CachedConfigurationSourceOptions,
  type ConfigurationCacheLogger,
} from './cached-configuration-source.js'
