export { awaitClaims } from './await-claims.js'
export {
  createUserInfoHandler,
  type UserInfoHandler,
  type UserInfoHandlerDependencies,
} from './create-userinfo-handler.js'
export { extractAccessToken } from './extract-access-token.js'
export {
  type JsonEndpointAnswer,
  jsonEndpoint,
  NO_STORE_HEADERS,
  noStoreJsonResponse,
} from './json-endpoint.js'
export { type OAuthErrorHandlerOptions, oauthErrorHandler } from './oauth-error-handler.js'
export {
  oauthErrorResponse,
  toOAuthError,
  USERINFO_REALM,
} from './oauth-error-response.js'
export {
  InsufficientScope,
  InvalidRequest,
  InvalidToken,
  MethodNotAllowed,
  OAuthError,
  ServerError,
  TemporarilyUnavailable,
  TokenRequired,
} from './oauth-errors.js'
export {
  type AuthorizationCredentials,
  MAX_AUTHORIZATION_HEADER_LENGTH,
  parseAuthorizationHeader,
} from './parse-authorization-header.js'
export { type FormBody, MAX_FORM_BODY_LENGTH, readFormBody } from './read-form-body.js'
export {
  readTokenVerificationSettings,
  readUserInfoSettings,
  type TokenVerificationSettings,
  type UserInfoSettings,
} from './read-userinfo-settings.js'
export { requireMethod } from './require-method.js'
export { subjectFromAccessToken } from './subject-from-access-token.js'
export {
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  createAccessTokenVerifier,
  isClientCredentialsToken,
  type UnverifiedTokenOptions,
  unverifiedAccessToken,
  unverifiedSubject,
  type VerifiedAccessToken,
} from './verify-access-token.js'
