import { createPreTokenGenerationHandler, readTriggerSettings } from '../lib/cognito/index.js'
import { createMetrics, injectLambdaContext } from '../lib/observability/index.js'
import { createClaimsRuntime } from '../lib/runtime/create-claims-runtime.js'

// Built once per process: a bad setting fails the cold start, and the clients,
// the configuration cache and the profile service live across invocations.
const settings = readTriggerSettings(process.env)
const { profileService, configurationSource, logger, readAhead } = createClaimsRuntime()

/** The Cognito pre token generation trigger (event versions 1, 2 and 3). */
export const handler = injectLambdaContext(
  logger,
  createPreTokenGenerationHandler({
    profileService,
    configurationSource,
    logger: logger.child({ service: 'pre-token-generation' }),
    metrics: createMetrics({
      namespace: 'claimsmith',
      service: 'pre-token-generation',
      env: process.env,
    }),
    settings,
    readAhead,
  }),
)
