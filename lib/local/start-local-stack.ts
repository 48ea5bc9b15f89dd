import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import dynalite from 'dynalite'
import { loadConfigurationFile } from '../cli/load-configuration-file.js'
import { createClaimsTable, createDynamoDbClient } from '../dynamodb/index.js'
import { acceptCognitoLocalEvents } from './accept-cognito-local-events.js'
import { applyLocalConfiguration } from './apply-local-configuration.js'
import { type BundleFunction, loadBundleFunction } from './bundle-function.js'
import { chooseIntrospectionCaller } from './choose-introspection-caller.js'
import { createLocalUserPool, type LocalUser } from './create-local-user-pool.js'
import { ensureBundles } from './ensure-bundles.js'
import { issueLocalAccessToken, type LocalAccessToken } from './issue-local-access-token.js'
import { startLambdaInvokeServer } from './lambda-invoke-server.js'
import { listenOnLoopback } from './listen-on-loopback.js'
import { requireFreePorts } from './require-free-ports.js'
import { routeByPath } from './route-by-path.js'
import { runLocalClaimsTests } from './run-local-claims-tests.js'
import { type LocalDemoResult, runLocalDemo, signInLocally } from './run-local-demo.js'
import { sampleTriggerEvents } from './sample-trigger-events.js'
import { type HttpLambdaHandler, serveLambdaHttp } from './serve-lambda-http.js'
import { startCognitoLocal } from './start-cognito-local.js'
import { writeLocalConfiguration } from './write-local-configuration.js'

/** Which lines of the functions' own logs the stack shows. */
export type FunctionLogLevel = 'all' | 'problems' | 'none'

/** Settings for `startLocalStack`. */
export interface LocalStackOptions {
  /** The repository root. Default: this checkout's. */
  readonly rootDir?: string
  /** The configuration applied to the table. Default `examples/claimsmith.yaml`. */
  readonly configurationFile?: string
  /** Another DynamoDB (DynamoDB Local, say) instead of the embedded dynalite. */
  readonly dynamoDbEndpoint?: string
  /** Default `claimsmith-local`; an existing table is reused and the configuration applied to it. */
  readonly tableName?: string
  /** Where the bundles are built. Default `<rootDir>/dist`. */
  readonly distDir?: string
  /**
   * Free ports chosen by the OS instead of the defaults (8000, 9229, 9230,
   * 9231). Default false: then a taken default port stops the start with a
   * CliError naming it and what holds it.
   */
  readonly randomPorts?: boolean
  /** Sign a user in, call userinfo and introspection, and sign the user out once everything runs. Default true. */
  readonly demo?: boolean
  /** Where progress and the demo go. Default: standard output. */
  readonly log?: (line: string) => void
  /** Default `problems`: the functions' warnings and errors. */
  readonly functionLogs?: FunctionLogLevel
  /** Show cognito-local's own log. Default false. */
  readonly cognitoLogs?: boolean
  /** Aborting stops the start and undoes what was started. */
  readonly signal?: AbortSignal
}

/** Everything the running stack serves, and how to reach it. */
export interface LocalStackEndpoints {
  readonly region: string
  /** The DynamoDB endpoint (dynalite's, or the one given). */
  readonly dynamoDb: string
  readonly dynamoDbIsEmbedded: boolean
  readonly tableName: string
  /** cognito-local's user pools API. */
  readonly cognito: string
  readonly userPoolId: string
  readonly issuer: string
  readonly jwksUrl: string
  /** The Lambda Invoke API. */
  readonly lambda: string
  readonly functions: readonly string[]
  /** The userinfo endpoint, e.g. `http://127.0.0.1:9231/userinfo`. */
  readonly userinfo: string
  /** The introspection endpoint on the same server, e.g. `http://127.0.0.1:9231/introspect`. */
  readonly introspection: string
  /** Each client of the configuration file with the app client id cognito-local gave it. */
  readonly clients: readonly { readonly name: string; readonly clientId: string }[]
  readonly users: readonly LocalUser[]
  readonly password: string
  /** The configuration file given, relative to the root when inside it. */
  readonly configurationFile: string
  /**
   * The configuration as applied: the given file with cognito-local's app
   * client ids, in the stack's temporary directory. `plan` of it says "No changes".
   */
  readonly appliedConfigurationFile: string
  /**
   * An access token of the first active user with the scopes managed login
   * would grant the first client that allows `openid` (see `issueLocalAccessToken`).
   */
  readonly accessToken?:
    | {
        readonly token: string
        readonly scope: string
        /** ISO 8601. */
        readonly expiresAt: string
        readonly user: string
        readonly clientId: string
      }
    | undefined
  /**
   * An access token of a resource server (see `chooseIntrospectionCaller`)
   * carrying the introspection scope, to call introspection with, made as
   * `accessToken` is.
   */
  readonly introspectionCaller?:
    | {
        readonly token: string
        readonly scope: string
        /** ISO 8601. */
        readonly expiresAt: string
        readonly clientId: string
      }
    | undefined
  /** Sample events for `aws lambda invoke --payload fileb://…`, with what each shows. */
  readonly sampleEvents: readonly {
    readonly path: string
    readonly functionName: string
    readonly description: string
  }[]
}

/** A running local stack. */
export interface LocalStack {
  readonly endpoints: LocalStackEndpoints
  /** What the demo saw, when it ran. */
  readonly demo: LocalDemoResult | undefined
  /** Stops every server, worker and child process and removes the temporary files. Idempotent. */
  stop(): Promise<void>
}

/** The functions the local stack runs, as scripts/build.ts names their bundles. */
export const LOCAL_FUNCTIONS = Object.freeze([
  'pre-token-generation',
  'pre-authentication',
  'userinfo',
  'introspection',
] as const)

/** The default ports; unless `randomPorts` is set, each must be free. `userinfo` serves introspection too. */
export const LOCAL_STACK_PORTS = Object.freeze({
  dynamoDb: 8000,
  cognito: 9229,
  lambda: 9230,
  userinfo: 9231,
})

/** The password of every example user in the local pool. */
export const LOCAL_USER_PASSWORD = 'Claimsmith-local-1'

const REGION = 'us-east-1'
const CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' })
const DEFAULT_ROOT = fileURLToPath(new URL('../../', import.meta.url))

function functionLogFilter(
  level: FunctionLogLevel,
  log: (line: string) => void,
  name: string,
): (line: string) => void {
  if (level === 'none') return () => {}
  if (level === 'all') return (line) => log(`[${name}] ${line}`)
  // Only warnings and errors, one short line each: the full entry (stack included) with --verbose.
  return (line) => {
    let entry: { level?: unknown; message?: unknown; error?: { name?: unknown; message?: unknown } }
    try {
      entry = JSON.parse(line) as typeof entry
    } catch {
      return
    }
    const level = String(entry.level).toLowerCase()
    if (level !== 'warn' && level !== 'error') return
    const cause =
      entry.error === undefined
        ? ''
        : ` (${String(entry.error.name)}: ${String(entry.error.message)})`
    log(`[${name}] ${level}: ${String(entry.message)}${cause}`)
  }
}

async function startDynalite(port: number): Promise<{ endpoint: string; server: Server }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  const { endpoint } = await listenOnLoopback(server, { port })
  return { endpoint, server }
}

async function openTable(client: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  try {
    await createClaimsTable(client, tableName)
    return true
  } catch (error) {
    if ((error as Error).name === 'ResourceInUseException') return false
    throw error
  }
}

/**
 * Runs claimsmith on loopback with no AWS account and no Java: dynalite (or
 * the DynamoDB at `dynamoDbEndpoint`) with the claims table and the example
 * configuration applied, the built pre-token-generation and
 * pre-authentication bundles behind a Lambda Invoke API, cognito-local
 * calling pre-token-generation through it, a user pool with the example
 * clients and users, and the built userinfo function over HTTP; then, unless
 * told not to, a demo sign-in. cognito-local makes its own app client ids,
 * so the configuration is applied with those ids in place of the file's;
 * the users keep the file's subs. Resolves once everything answers.
 *
 * @example
 * const stack = await startLocalStack({ randomPorts: true, demo: false })
 * console.log(stack.endpoints.cognito)
 * await stack.stop()
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const rootDir = resolve(options.rootDir ?? DEFAULT_ROOT)
  const tableName = options.tableName ?? 'claimsmith-local'
  const port = (name: keyof typeof LOCAL_STACK_PORTS) =>
    options.randomPorts ? 0 : LOCAL_STACK_PORTS[name]
  const functionLogs = options.functionLogs ?? 'problems'
  const signal = options.signal
  const stops: Array<() => Promise<void>> = []
  let stopping: Promise<void> | undefined

  const stop = () => {
    stopping ??= (async () => {
      const failures: unknown[] = []
      for (const each of stops.reverse()) {
        try {
          await each()
        } catch (error) {
          failures.push(error)
        }
      }
      if (failures.length > 0) {
        throw new AggregateError(failures, 'the local stack did not stop cleanly')
      }
    })()
    return stopping
  }
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    signal?.throwIfAborted()
    log(`- ${what}`)
    return run()
  }

  try {
    const configurationPath = resolve(
      rootDir,
      options.configurationFile ?? join('examples', 'claimsmith.yaml'),
    )
    const shownPath = relative(rootDir, configurationPath).startsWith('..')
      ? configurationPath
      : relative(rootDir, configurationPath)
    const { configuration } = await step(`reading ${shownPath}`, () =>
      loadConfigurationFile(configurationPath, shownPath),
    )
    if (!options.randomPorts) {
      await step('checking the ports', () =>
        requireFreePorts({
          ...(options.dynamoDbEndpoint === undefined
            ? { 'DynamoDB (dynalite)': LOCAL_STACK_PORTS.dynamoDb }
            : {}),
          'cognito-local': LOCAL_STACK_PORTS.cognito,
          'Lambda Invoke API': LOCAL_STACK_PORTS.lambda,
          'userinfo and introspection': LOCAL_STACK_PORTS.userinfo,
        }),
      )
    }
    const stateDir = await mkdtemp(join(tmpdir(), 'claimsmith-local-'))
    stops.push(() => rm(stateDir, { recursive: true, force: true }))

    let dynamoDb = options.dynamoDbEndpoint
    if (dynamoDb === undefined) {
      const started = await step('starting DynamoDB (dynalite, in memory)', () =>
        startDynalite(port('dynamoDb')),
      )
      dynamoDb = started.endpoint
      stops.push(
        () =>
          new Promise<void>((resolveClose) => {
            started.server.close(() => resolveClose())
            started.server.closeAllConnections()
          }),
      )
    }
    const dynamoDbEndpoint = dynamoDb
    const client = createDynamoDbClient({
      endpoint: dynamoDbEndpoint,
      region: REGION,
      credentials: CREDENTIALS,
      // Generous: a cold DynamoDB Local answers its first requests slowly.
      requestTimeoutMs: 10_000,
      connectionTimeoutMs: 2_000,
    })
    stops.push(async () => client.destroy())
    const created = await step(`creating table ${tableName} on ${dynamoDbEndpoint}`, () =>
      openTable(client, tableName),
    )
    if (!created) log(`  table ${tableName} exists; the configuration is applied to it`)

    const { paths } = await step('checking the function bundles', () =>
      ensureBundles({
        rootDir,
        ...(options.distDir === undefined ? {} : { distDir: options.distDir }),
        names: LOCAL_FUNCTIONS,
        onBuild: (reason) => log(`  building them: ${reason}`),
      }),
    )
    const functionEnv = {
      CLAIMS_TABLE: tableName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      // Configuration changed with the CLI shows at the next sign-in.
      CONFIG_CACHE_TTL_SECONDS: '0',
      // Lambda runs nodejs24.x; this machine may run Node.js 20, which the SDK warns about.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }
    const bundles: BundleFunction[] = []
    stops.push(async () => {
      await Promise.all(bundles.map((fn) => fn.close()))
    })
    const load = (name: (typeof LOCAL_FUNCTIONS)[number], env: Record<string, string>) => {
      const fn = loadBundleFunction(paths[name] as string, {
        env,
        onLog: functionLogFilter(functionLogs, log, name),
      })
      bundles.push(fn)
      return fn
    }
    const preToken = load('pre-token-generation', functionEnv)
    const preAuth = load('pre-authentication', functionEnv)
    await step('loading pre-token-generation and pre-authentication', () =>
      Promise.all([preToken.warm(), preAuth.warm()]),
    )

    const lambda = await step('starting the Lambda Invoke API', () =>
      startLambdaInvokeServer({
        functions: {
          'pre-token-generation': acceptCognitoLocalEvents(preToken.handler),
          'pre-authentication': preAuth.handler,
        },
        port: port('lambda'),
        region: REGION,
      }),
    )
    stops.push(() => lambda.close())

    const cognitoLocal = await step('starting cognito-local', () =>
      startCognitoLocal({
        lambdaEndpoint: lambda.endpoint,
        triggerFunctions: { PreTokenGeneration: 'pre-token-generation' },
        port: port('cognito'),
        dataDir: join(stateDir, 'cognito-local'),
        ...(options.cognitoLogs ? { onLog: (line: string) => log(`[cognito-local] ${line}`) } : {}),
      }),
    )
    stops.push(() => cognitoLocal.stop())
    const cognito = new CognitoIdentityProviderClient({
      endpoint: cognitoLocal.endpoint,
      region: REGION,
      credentials: { ...CREDENTIALS },
      maxAttempts: 1,
    })
    stops.push(async () => cognito.destroy())

    const pool = await step('creating the user pool, app clients and users', () =>
      createLocalUserPool({
        cognito,
        poolName: 'claimsmith-local',
        clientNames: configuration.clients.map((each) => each.clientId),
        users: configuration.users.map((user) => ({ sub: user.sub, active: user.active })),
        password: LOCAL_USER_PASSWORD,
      }),
    )
    const appliedConfigurationFile = join(stateDir, 'claimsmith.yaml')
    await writeLocalConfiguration({
      sourcePath: configurationPath,
      targetPath: appliedConfigurationFile,
      clientIds: pool.clientIds,
    })
    const applied = await step(
      `applying ${shownPath} to ${tableName}, with cognito-local's app client ids`,
      () =>
        applyLocalConfiguration({ client, tableName, configuration, clientIds: pool.clientIds }),
    )
    log(
      `  ${applied.created} created, ${applied.updated} updated; as applied: ${appliedConfigurationFile}`,
    )

    const issuer = cognitoLocal.issuer(pool.userPoolId)
    const jwksUrl = cognitoLocal.jwksUrl(pool.userPoolId)
    const tokenEnv = { ...functionEnv, ISSUER: issuer, JWKS_URL: jwksUrl }
    const userinfoFunction = load('userinfo', tokenEnv)
    const introspectionFunction = load('introspection', tokenEnv)
    // One server with a route per function, as the stack's HTTP API has.
    const httpServer = await step('starting userinfo and introspection', async () => {
      await Promise.all([userinfoFunction.warm(), introspectionFunction.warm()])
      return serveLambdaHttp(
        routeByPath({
          '/userinfo': {
            functionName: 'userinfo',
            handler: userinfoFunction.handler as HttpLambdaHandler,
          },
          '/introspect': {
            functionName: 'introspection',
            handler: introspectionFunction.handler as HttpLambdaHandler,
          },
        }),
        { port: port('userinfo'), functionName: 'http-api' },
      )
    })
    stops.push(() => httpServer.close())
    const userinfo = new URL('/userinfo', httpServer.url).href
    const introspection = new URL('/introspect', httpServer.url).href

    const clients = [...pool.clientIds].map(([name, clientId]) => ({ name, clientId }))
    const userClient = configuration.clients.find((each) =>
      (each.allowedScopes ?? []).includes('openid'),
    )
    const demoClientId = pool.clientIds.get(userClient?.clientId ?? clients[0]?.name ?? '')
    const demoScopes = userClient?.allowedScopes ?? ['openid']
    const activeUser = pool.users.find((user) => user.active)
    const inactiveUser = pool.users.find((user) => !user.active)

    const eventsDir = join(stateDir, 'events')
    await mkdir(eventsDir)
    const sampleEvents = []
    let versionTwoEvent: unknown
    if (activeUser !== undefined && demoClientId !== undefined) {
      const events = sampleTriggerEvents(
        { userPoolId: pool.userPoolId, clientId: demoClientId, region: REGION },
        activeUser,
        inactiveUser,
      )
      for (const each of events) {
        const path = join(eventsDir, each.fileName)
        await writeFile(path, `${JSON.stringify(each.event, null, 2)}\n`)
        sampleEvents.push({ path, functionName: each.functionName, description: each.description })
        if (each.fileName === 'pre-token-generation-v2.json') versionTwoEvent = each.event
      }
    }

    const caller =
      demoClientId === undefined
        ? undefined
        : chooseIntrospectionCaller(
            configuration,
            userClient?.clientId ?? clients[0]?.name ?? '',
            demoScopes,
          )
    const callerClientId = pool.clientIds.get(caller?.clientId ?? '')
    const issueReadyToken = async (user: LocalUser, clientId: string, scopes: readonly string[]) =>
      issueLocalAccessToken({
        accessToken: (await signInLocally(cognito, clientId, user, LOCAL_USER_PASSWORD))
          .accessToken,
        issuer,
        jwksUrl,
        clientId,
        scopes,
      })
    // The resource server's token is checked for signature, issuer, client and scope only:
    // the user's sign-out in the demo leaves it valid.
    let callerToken: LocalAccessToken | undefined
    if (activeUser !== undefined && caller !== undefined && callerClientId !== undefined) {
      callerToken = await step(
        `signing ${activeUser.email} in on ${caller.clientId} for the resource server's token`,
        () => issueReadyToken(activeUser, callerClientId, caller.scopes),
      )
    }

    let demo: LocalDemoResult | undefined
    if ((options.demo ?? true) && activeUser !== undefined && demoClientId !== undefined) {
      demo = await step('running the demo', () =>
        runLocalDemo({
          cognito,
          clientId: demoClientId,
          scopes: demoScopes,
          log,
          issuer,
          jwksUrl,
          userinfoUrl: userinfo,
          password: LOCAL_USER_PASSWORD,
          activeUser,
          inactiveUser,
          versionTwo:
            versionTwoEvent === undefined
              ? undefined
              : { lambdaEndpoint: lambda.endpoint, event: versionTwoEvent },
          introspection:
            callerToken === undefined || callerClientId === undefined
              ? undefined
              : {
                  url: introspection,
                  caller: {
                    name: caller?.clientId ?? callerClientId,
                    clientId: callerClientId,
                    token: callerToken,
                  },
                  table: { tableName, endpoint: dynamoDbEndpoint, region: REGION },
                },
        }),
      )
    }
    const signedOutAtMs = demo?.introspection?.signedOutAtMs
    if (signedOutAtMs !== undefined) {
      // Tokens carry whole seconds: one issued in the sign-out's second would count as
      // issued before it. The ready token comes from a sign-in after that second.
      await new Promise((resolveWait) =>
        setTimeout(
          resolveWait,
          Math.max(0, (Math.floor(signedOutAtMs / 1000) + 1) * 1000 - Date.now()),
        ),
      )
    }

    let accessToken: LocalAccessToken | undefined
    if (activeUser !== undefined && demoClientId !== undefined) {
      accessToken = await step(
        `signing ${activeUser.email} in for a ready access token`,
        async () => issueReadyToken(activeUser, demoClientId, demoScopes),
      )
    }

    if (options.demo ?? true) {
      await step('running the claims tests', () =>
        runLocalClaimsTests(configurationPath, rootDir, log),
      )
    }
    signal?.throwIfAborted()

    return {
      endpoints: {
        region: REGION,
        dynamoDb: dynamoDbEndpoint,
        dynamoDbIsEmbedded: options.dynamoDbEndpoint === undefined,
        tableName,
        cognito: cognitoLocal.endpoint,
        userPoolId: pool.userPoolId,
        issuer,
        jwksUrl,
        lambda: lambda.endpoint,
        functions: ['pre-token-generation', 'pre-authentication'],
        userinfo,
        introspection,
        clients,
        users: pool.users,
        password: LOCAL_USER_PASSWORD,
        configurationFile: shownPath,
        appliedConfigurationFile,
        accessToken:
          accessToken === undefined || activeUser === undefined || demoClientId === undefined
            ? undefined
            : {
                token: accessToken.token,
                scope: accessToken.scope,
                expiresAt: accessToken.expiresAt.toISOString(),
                user: activeUser.email,
                clientId: demoClientId,
              },
        introspectionCaller:
          callerToken === undefined || callerClientId === undefined
            ? undefined
            : {
                token: callerToken.token,
                scope: callerToken.scope,
                expiresAt: callerToken.expiresAt.toISOString(),
                clientId: callerClientId,
              },
        sampleEvents,
      },
      demo,
      stop,
    }
  } catch (error) {
    await stop().catch(() => {})
    throw error
  }
}
