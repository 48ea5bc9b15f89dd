import {
  createIntrospectionHandler,
  readIntrospectionSettings,
} from '../lib/introspection/index.js'
import { Metrics } from '../lib/observability/index.js'
import { createClaimsRuntime } from '../lib/runtime/index.js'

// Built once per process: settings fail the cold start when wrong, and the
// key set, the configuration cache and the clients live across invocations.
const settings = readIntrospectionSettings(process.env)
const { profileService, configurationSource, logger, readAhead } = createClaimsRuntime()

/** The OAuth 2.0 token introspection endpoint (RFC 7662), behind the stack's HTTP API. */
export const handler = createIntrospectionHandler({
  profileService,
  configurationSource,
  logger: logger.child({ service: 'introspection' }),
  metrics: new Metrics({ namespace: 'claimsmith', dimensions: { service: 'introspection' } }),
  settings,
  readAhead,
})
