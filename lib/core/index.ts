export { addedClaimBytes } from './added-claim-bytes.js'
export {
  type ProfileDataCaller,
  ProfileDataCallers,
  type ProfileIsActiveCaller,
  ProfileIsActiveCallers,
} from './callers.js'
export { type CheckIsActiveRequest, checkIsActive } from './check-is-active.js'
export type { Claim, JsonValue } from './claim.js'
export type { ClaimDecision, ClaimDecisionReason, ClaimOrigin } from './claim-decision.js'
export {
  type ClaimProblem,
  type ClaimShapeProblem,
  type ClaimValueProblem,
  claimProblem,
  claimShapeProblem,
  claimValueProblem,
} from './claim-problem.js'
export { ClaimTrace } from './claim-trace.js'
export {
  type ClaimValueKind,
  ClaimValueTypes,
  claimValueKind,
  isKnownClaimValueType,
} from './claim-value-types.js'
export {
  type ClaimsConfiguration,
  type ClaimsConfigurationSource,
  type ClientConfiguration,
  clientFor,
  loadClient,
  loadClientConfiguration,
  staticConfigurationSource,
} from './claims-configuration.js'
export type { ClaimsStore, StoredUser } from './claims-store.js'
export { CLIENT_DEFAULTS, type Client, unknownClient } from './client.js'
export { type ClientClaimsInput, clientClaims } from './client-claims.js'
export {
  DefaultProfileService,
  type DefaultProfileServiceOptions,
  mergeClaims,
} from './default-profile-service.js'
export {
  ClaimsmithError,
  ClaimsStoreRejectedError,
  ClaimsStoreUnavailableError,
  ClaimValueInvalidError,
  type InvalidClaimValueReason,
  UserInactiveError,
} from './errors.js'
export { IsActiveContext, type IsActiveContextInit } from './is-active-context.js'
export {
  type IssueClaimsRequest,
  type IssuedClaims,
  issueClaims,
  type RestrictedClaim,
} from './issue-claims.js'
export { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-nesting.js'
export {
  createReadAhead,
  memoizeClaimsStore,
  type ReadAhead,
  type ReadAheadHint,
} from './memoize-claims-store.js'
export { type ParsedClaimValue, parseClaimValue } from './parse-claim-value.js'
export {
  ProfileDataRequestContext,
  type ProfileDataRequestContextInit,
} from './profile-data-request-context.js'
export type { ProfileService } from './profile-service.js'
export {
  type ClaimTypeRestriction,
  COGNITO_RESERVED_CLAIM_PREFIX,
  COGNITO_RESERVED_CLAIM_PREFIXES,
  COGNITO_RESERVED_CLAIM_TYPES,
  claimTypeRestriction,
  isEmittableClaimType,
  PROTOCOL_CLAIM_TYPES,
} from './protocol-claims.js'
export { requestedClaimTypes } from './requested-claim-types.js'
export { COGNITO_ADMIN_SCOPE, requestedScopes } from './requested-scopes.js'
export {
  effectiveIdentityResources,
  type ResolvedResources,
  type ResolveRequestedResourcesInput,
  resolveRequestedResources,
} from './resolve-requested-resources.js'
export type { ApiResource, ApiScope, IdentityResource, Resources } from './resources.js'
export {
  type ClaimsPipelineRequest,
  type ClaimsPipelineResult,
  type IssuedToken,
  runClaimsPipeline,
  type ShapedOutClaim,
} from './run-claims-pipeline.js'
export {
  type SerializationMode,
  type SerializedClaims,
  serializeClaims,
} from './serialize-claims.js'
export { STANDARD_IDENTITY_RESOURCES } from './standard-identity-resources.js'
export type { Subject } from './subject.js'
export type { ClaimShaper, ShapedClaimValue, TokenPolicy } from './token-policy.js'
export { claimOfJsonValue, readClaim, renamedClaim, typedClaimValue } from './typed-claim.js'
export { untilAborted } from './until-aborted.js'
export { USERINFO_POLICY, userInfoResponse } from './user-info-response.js'
export { watchAbort } from './watch-abort.js'
