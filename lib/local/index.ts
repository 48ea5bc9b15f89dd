export { acceptCognitoLocalEvents } from './accept-cognito-local-events.js'
export {
  type ApplyLocalConfigurationOptions,
  applyLocalConfiguration,
} from './apply-local-configuration.js'
export {
  type BundleFunction,
  type BundleFunctionOptions,
  loadBundleFunction,
} from './bundle-function.js'
export {
  chooseIntrospectionCaller,
  type LocalIntrospectionCaller,
} from './choose-introspection-caller.js'
export {
  type CreateLocalUserPoolOptions,
  createLocalUserPool,
  type LocalUser,
  type LocalUserPool,
} from './create-local-user-pool.js'
export { describeLocalStack } from './describe-local-stack.js'
export { type EnsureBundlesOptions, type EnsuredBundles, ensureBundles } from './ensure-bundles.js'
export {
  COGNITO_LOCAL_KEY_ID,
  type IssueLocalAccessTokenOptions,
  issueLocalAccessToken,
  type LocalAccessToken,
} from './issue-local-access-token.js'
export {
  createLambdaContext,
  type LambdaContextFields,
  LOCAL_ACCOUNT_ID,
  lambdaContextFields,
  localFunctionArn,
} from './lambda-context.js'
export {
  type InvocationRecord,
  type LambdaInvokeServer,
  type LambdaInvokeServerOptions,
  type LocalFunctionDefinition,
  startLambdaInvokeServer,
} from './lambda-invoke-server.js'
export {
  freeLoopbackPort,
  type ListenOnLoopbackOptions,
  LOOPBACK_HOSTS,
  type LoopbackServer,
  listenOnLoopback,
  requireLoopbackHost,
} from './listen-on-loopback.js'
export {
  LocalFunctionError,
  LocalFunctionThrottledError,
  LocalFunctionTimeoutError,
} from './local-lambda-errors.js'
export type { LocalLambdaHandler } from './local-lambda-handler.js'
export { type ParsedFunctionName, parseFunctionName } from './parse-function-name.js'
export { describePortHolder } from './port-holder.js'
export { requireFreePorts } from './require-free-ports.js'
export { type HttpRoute, routeByPath } from './route-by-path.js'
export {
  type LocalDemoOptions,
  type LocalDemoResult,
  type LocalIntrospectionDemo,
  type LocalUserInfoAnswer,
  runLocalDemo,
  signInLocally,
} from './run-local-demo.js'
export {
  type SampleEventSettings,
  type SampleTriggerEvent,
  sampleTriggerEvents,
} from './sample-trigger-events.js'
export {
  type HttpLambdaHandler,
  type LambdaHttpServer,
  type ServeLambdaHttpOptions,
  serveLambdaHttp,
} from './serve-lambda-http.js'
export {
  COGNITO_LOCAL_TRIGGERS,
  type CognitoLocal,
  type CognitoLocalTrigger,
  type StartCognitoLocalOptions,
  startCognitoLocal,
} from './start-cognito-local.js'
export {
  type FunctionLogLevel,
  LOCAL_FUNCTIONS,
  LOCAL_STACK_PORTS,
  LOCAL_USER_PASSWORD,
  type LocalStack,
  type LocalStackEndpoints,
  type LocalStackOptions,
  startLocalStack,
} from './start-local-stack.js'
export {
  type WriteLocalConfigurationOptions,
  writeLocalConfiguration,
} from './write-local-configuration.js'
