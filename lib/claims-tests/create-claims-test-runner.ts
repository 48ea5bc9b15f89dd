import { randomUUID } from 'node:crypto'
import type { Context } from 'aws-lambda'
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { createPreTokenGenerationHandler } from '../cognito/create-pre-token-generation-handler.js'
import { TRIGGER_SETTINGS_DEFAULTS } from '../cognito/read-trigger-settings.js'
import { CLIENT_CREDENTIALS_TRIGGER_SOURCE } from '../cognito/trigger-sources.js'
import {
  type ClaimsConfigurationSource,
  type ClaimsStore,
  createReadAhead,
  DefaultProfileService,
  loadClient,
  memoizeClaimsStore,
  type StoredUser,
} from '../core/index.js'
import { createIntrospectionHandler } from '../introspection/create-introspection-handler.js'
import { DEFAULT_INTROSPECTION_SCOPE } from '../introspection/read-introspection-settings.js'
import { Metrics, silentLogger } from '../observability/index.js'
import { createUserInfoHandler } from '../userinfo/create-userinfo-handler.js'
import type { ClaimsTestCase } from './claims-test-case.js'
import {
  accessTokenPayload,
  type ClaimsTestRequest,
  introspectionEvent,
  preTokenGenerationEvent,
  userInfoEvent,
} from './claims-test-events.js'
import type { ClaimsTestOutcome, UserInfoAnswer } from './claims-test-outcome.js'
import { introspectionAnswer, tokenClaims, userInfoAnswer } from './read-function-answers.js'

/** Where a test run's configuration and users come from: a file's, or a table's. */
export interface ClaimsTestSources {
  readonly configurationSource: ClaimsConfigurationSource
  readonly store: ClaimsStore
  /** `REQUIRE_PROFILE`: a user without a record is inactive. Default false, as deployed. */
  readonly requireProfile?: boolean | undefined
  /** How long each invocation may take, as the functions' Lambda timeout. Default 5000 ms. */
  readonly timeoutMs?: number | undefined
}

/** Runs cases through the functions' handlers. */
export interface ClaimsTestRunner {
  run(testCase: Pick<ClaimsTestCase, keyof ClaimsTestRequest | 'user'>): Promise<ClaimsTestOutcome>
}

/** The pool issuer the run's access tokens name; never fetched (the key set is in memory). */
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_claimsmithtest'

/** The client whose client-credentials token calls introspection in a run. */
const INTROSPECTING_CLIENT_ID = 'claimsmith-test-introspector'

function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs
  const awsRequestId = randomUUID()
  const unsupported = () => {
    throw new Error('claimsmith test runs async handlers only')
  }
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `claimsmith-test/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  }
}

function withUser(store: ClaimsStore, user: StoredUser | undefined): ClaimsStore {
  if (user === undefined) return store
  return {
    findUser: (sub, signal) =>
      sub === user.sub ? Promise.resolve(user) : store.findUser(sub, signal),
  }
}

/**
 * Composes the pre-token-generation trigger and the userinfo and
 * introspection endpoints as the deployed functions do
 * (`createClaimsRuntime`: the default profile service over the store
 * memoized per invocation, the user's read sent ahead, the trigger settings'
 * defaults) but over the given ports, and runs a case through them: the
 * trigger gets the event Cognito would send, userinfo an access token for the
 * case's scopes signed with a key made for the run, and introspection that
 * token (the client's own, without a user), asked by a client whose scopes
 * name every API resource. What
 * a case sees is what the handlers answer, so it cannot drift from what a
 * deployed function issues. No network: the key set is in memory.
 *
 * @example
 * const runner = await createClaimsTestRunner({ configurationSource, store })
 * const outcome = await runner.run(testCase) // { refusedBecause: undefined, idToken: { tenant_id: 42 }, … }
 */
export async function createClaimsTestRunner(
  sources: ClaimsTestSources,
): Promise<ClaimsTestRunner> {
  const { configurationSource } = sources
  const timeoutMs = sources.timeoutMs ?? 5_000
  const { privateKey, publicKey } = await generateKeyPair('RS256')
  const kid = randomUUID()
  const keySet = createLocalJWKSet({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }],
  })
  const metrics = () => new Metrics({ namespace: 'claimsmith', dimensions: {}, write: () => {} })
  const sign = (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey)
  const verification = {
    issuer: ISSUER,
    jwksUrl: new URL(`${ISSUER}/.well-known/jwks.json`),
    clockToleranceSeconds: 0,
    allowedClientIds: undefined,
    deadlineMarginMs: TRIGGER_SETTINGS_DEFAULTS.deadlineMarginMs,
  }

  const compose = (user: StoredUser | undefined) => {
    const store = memoizeClaimsStore(withUser(sources.store, user))
    const profileService = new DefaultProfileService(store, {
      requireProfile: sources.requireProfile === true,
    })
    const readAhead = createReadAhead(store, configurationSource)
    return {
      preTokenGeneration: createPreTokenGenerationHandler({
        profileService,
        configurationSource,
        logger: silentLogger,
        metrics: metrics(),
        settings: TRIGGER_SETTINGS_DEFAULTS,
        readAhead,
      }),
      userinfo: createUserInfoHandler({
        profileService,
        configurationSource,
        logger: silentLogger,
        metrics: metrics(),
        settings: { ...verification, corsOrigins: [] },
        keySet,
        readAhead,
      }),
      introspection: createIntrospectionHandler({
        profileService,
        configurationSource,
        logger: silentLogger,
        metrics: metrics(),
        settings: { ...verification, scope: DEFAULT_INTROSPECTION_SCOPE },
        keySet,
      }),
    }
  }

  /**
   * The introspecting caller's own token: a client-credentials token with the
   * introspection scope and the scopes of every API resource, so it sees all
   * the claims the case's token carries.
   */
  const callerToken = async () => {
    const { apiResources } = await configurationSource.loadResources()
    const scopes = [DEFAULT_INTROSPECTION_SCOPE, ...apiResources.flatMap((r) => r.scopes)]
    return sign(accessTokenPayload(ISSUER, undefined, INTROSPECTING_CLIENT_ID, scopes))
  }

  return {
    async run(testCase) {
      const functions = compose(testCase.user)
      let refusedBecause: string | undefined
      let tokens: ReturnType<typeof tokenClaims> = { idToken: undefined, accessToken: undefined }
      try {
        tokens = tokenClaims(
          await functions.preTokenGeneration(
            preTokenGenerationEvent(testCase),
            lambdaContext('pre-token-generation', timeoutMs),
          ),
        )
      } catch (error) {
        refusedBecause = error instanceof Error ? error.message : String(error)
      }

      const clientCredentials = testCase.triggerSource === CLIENT_CREDENTIALS_TRIGGER_SOURCE
      const sub = clientCredentials ? undefined : testCase.sub
      const scopes =
        testCase.scopes ??
        (await loadClient(configurationSource, testCase.clientId)).allowedScopes ??
        []
      const token = await sign(accessTokenPayload(ISSUER, sub, testCase.clientId, scopes))
      let userinfo: UserInfoAnswer | undefined
      if (sub !== undefined) {
        userinfo = userInfoAnswer(
          await functions.userinfo(userInfoEvent(token), lambdaContext('userinfo', timeoutMs)),
        )
      }
      const introspection = introspectionAnswer(
        await functions.introspection(
          introspectionEvent(await callerToken(), token),
          lambdaContext('introspection', timeoutMs),
        ),
      )
      return { refusedBecause, ...tokens, userinfo, introspection }
    },
  }
}
