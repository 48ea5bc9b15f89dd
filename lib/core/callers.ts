/**
 * Who asks the profile service for claims (Duende's ProfileDataCallers).
 *
 * @example
 * new ProfileDataRequestContext({ caller: ProfileDataCallers.ClaimsProviderAccessToken, … })
 */
export const ProfileDataCallers = Object.freeze({
  ClaimsProviderIdentityToken: 'ClaimsProviderIdentityToken',
  ClaimsProviderAccessToken: 'ClaimsProviderAccessToken',
  UserInfoEndpoint: 'UserInfoEndpoint',
} as const)

export type ProfileDataCaller = (typeof ProfileDataCallers)[keyof typeof ProfileDataCallers]

/**
 * Who asks whether a user is active (Duende's ProfileIsActiveCallers). Every
 * constant is kept, including those no Cognito path produces (`SamlSsoEndpoint`),
 * so that profile services written against Duende's vocabulary port unchanged.
 */
export const ProfileIsActiveCallers = Object.freeze({
  AuthorizeEndpoint: 'AuthorizeEndpoint',
  AuthorizationCodeValidation: 'AuthorizationCodeValidation',
  AccessTokenValidation: 'AccessTokenValidation',
  IdentityTokenValidation: 'IdentityTokenValidation',
  ResourceOwnerValidation: 'ResourceOwnerValidation',
  ExtensionGrantValidation: 'ExtensionGrantValidation',
  RefreshTokenValidation: 'RefreshTokenValidation',
  UserInfoRequestValidation: 'UserInfoRequestValidation',
  DeviceCodeValidation: 'DeviceCodeValidation',
  BackchannelAuthenticationRequestIdValidation: 'BackchannelAuthenticationRequestIdValidation',
  SamlSsoEndpoint: 'SamlSsoEndpoint',
} as const)

export type ProfileIsActiveCaller =
  (typeof ProfileIsActiveCallers)[keyof typeof ProfileIsActiveCallers]
