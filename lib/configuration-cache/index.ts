export {
  CachedConfigurationSource,
  type CachedConfigurationSourceOptions,
} from './cached-configuration-source.js'
export type { ConfigurationCacheLogger } from './refreshing-value.js'
