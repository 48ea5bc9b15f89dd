export { beforeDeadline } from './before-deadline.js'
export {
  buildPreTokenGenerationResponse,
  type PreTokenGenerationResponse,
  type PreTokenGenerationV1Response,
  type PreTokenGenerationV2Response,
  type TokenClaimSets,
  type TokenGenerationOverrides,
} from './build-pre-token-generation-response.js'
export { CognitoEventInvalidError } from './cognito-event-invalid-error.js'
export {
  COGNITO_ATTRIBUTE_VALUE_TYPES,
  COGNITO_USERNAME_CLAIM,
  cognitoSubject,
} from './cognito-subject.js'
export type { CognitoTriggerDependencies } from './cognito-trigger-dependencies.js'
export { CognitoTriggerError } from './cognito-trigger-error.js'
export type { CognitoUser } from './cognito-user.js'
export {
  createPreAuthenticationHandler,
  type PreAuthenticationResult,
} from './create-pre-authentication-handler.js'
export {
  createPreTokenGenerationHandler,
  type PreTokenGenerationResult,
} from './create-pre-token-generation-handler.js'
export {
  COGNITO_TYPED_ID_TOKEN_CLAIMS,
  type IdTokenClaimValue,
  type IdTokenValueProblem,
  idTokenClaimValue,
} from './id-token-claim-value.js'
export { ALREADY_IN_ID_TOKEN, idTokenShaper } from './id-token-shaper.js'
export { logTriggerInvocations } from './log-trigger-invocations.js'
export { mapTriggerErrors, TRIGGER_FAILURE_METRICS } from './map-trigger-errors.js'
export {
  type ParsedPreAuthenticationEvent,
  parsePreAuthenticationEvent,
} from './parse-pre-authentication-event.js'
export {
  type ClientCredentialsTokenGenerationEvent,
  type ParsedPreTokenGenerationEvent,
  type PreTokenGenerationVersion,
  parsePreTokenGenerationEvent,
  type UserTokenGenerationEvent,
} from './parse-pre-token-generation-event.js'
export {
  type PreTokenGenerationRequestContext,
  type PreTokenGenerationRequestInput,
  preTokenGenerationRequest,
} from './pre-token-generation-request.js'
export {
  readTriggerSettings,
  TRIGGER_SETTINGS_DEFAULTS,
  type TriggerSettings,
} from './read-trigger-settings.js'
export {
  STORE_ITEM_CORRUPT_CODE,
  toCognitoTriggerError,
  UNEXPECTED_ERROR_CODE,
} from './to-cognito-trigger-error.js'
export { TokenSizeBudgetExceededError } from './token-size-budget-exceeded-error.js'
export {
  PRE_AUTHENTICATION_IS_ACTIVE_CALLER,
  type TriggerCallers,
  triggerCallers,
} from './trigger-callers.js'
export {
  CLIENT_CREDENTIALS_TRIGGER_SOURCE,
  PRE_AUTHENTICATION_TRIGGER_SOURCE,
  type PreAuthenticationTriggerSource,
  type PreTokenGenerationTriggerSource,
  USER_TOKEN_TRIGGER_SOURCES,
  type UserTokenTriggerSource,
} from './trigger-sources.js'
export {
  fieldPath,
  pathStep,
  plainObject,
  requiredString,
  validateEvent,
} from './validate-event.js'
export { version1ClaimText } from './version-1-claim-text.js'
