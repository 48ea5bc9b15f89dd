export {
  createIntrospectionHandler,
  type IntrospectionHandler,
  type IntrospectionHandlerDependencies,
} from './create-introspection-handler.js'
export {
  INTROSPECTION_POLICY,
  type IntrospectClaimsRequest,
  type IntrospectedClaims,
  type IntrospectionInactiveReason,
  introspectClaims,
} from './introspect-claims.js'
export {
  INACTIVE_TOKEN,
  INTROSPECTION_MEMBERS,
  introspectionResponse,
} from './introspection-response.js'
export {
  DEFAULT_INTROSPECTION_SCOPE,
  type IntrospectionSettings,
  readIntrospectionSettings,
} from './read-introspection-settings.js'
