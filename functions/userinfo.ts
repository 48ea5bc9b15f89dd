import { createMetrics, injectLambdaContext } from '../lib/observability/index.js'
import { createClaimsRuntime } from '../lib/runtime/index.js'
import { createUserInfoHandler, readUserInfoSettings } from '../lib/userinfo/index.js'

// Built once per process: settings fail the cold start when wrong, and the
// key set, the configuration cache and the clients live across invocations.
const settings = readUserInfoSettings(process.env)
const { profileService, configurationSource, logger, readAhead } = createClaimsRuntime()

/** The OpenID Connect userinfo endpoint, behind an API Gateway HTTP API or a function URL. */
export const handler = injectLambdaContext(
  logger,
  createUserInfoHandler({
    profileService,
    configurationSource,
    logger: logger.child({ service: 'userinfo' }),
    metrics: createMetrics({ namespace: 'claimsmith', service: 'userinfo', env: process.env }),
    settings,
    readAhead,
  }),
)
