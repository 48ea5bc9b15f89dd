import { createPreAuthenticationHandler, readTriggerSettings } from '../lib/cognito/index.js'
import { createMetrics, injectLambdaContext } from '../lib/observability/index.js'
import { createClaimsRuntime } from '../lib/runtime/create-claims-runtime.js'

// Built once per process: a bad setting fails the cold start, and the clients,
// the configuration cache and the profile service live across invocations.
const settings = readTriggerSettings(process.env)
const { profileService, configurationSource, logger } = createClaimsRuntime()

/** The Cognito pre authentication trigger: refuses users the profile service calls inactive. */
export const handler = injectLambdaContext(
  logger,
  createPreAuthenticationHandler({
    profileService,
    configurationSource,
    logger: logger.child({ service: 'pre-authentication' }),
    metrics: createMetrics({
      namespace: 'claimsmith',
      service: 'pre-authentication',
      env: process.env,
    }),
    settings,
  }),
)
