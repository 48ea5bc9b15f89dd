import type { Claim, JsonValue } from './claim.js'

/** Where a candidate claim came from. */
export type ClaimOrigin =
  /** The user's stored claims (the default profile service). */
  | 'stored'
  /** The subject: Cognito's user attributes, or the access token at userinfo. */
  | 'subject'
  /** The app client's claims, with their prefix. */
  | 'client'
  /** A custom profile service issued it. */
  | 'profile'

/** Why a candidate claim was emitted or dropped. */
export type ClaimDecisionReason =
  /** Emitted: a requested resource asks for its type. */
  | 'requested'
  /** Emitted as text (userinfo): the value does not parse as its value type. */
  | 'invalid-value-as-text'
  /** Client claim emitted: a client-credentials token (no user). */
  | 'no-user'
  /** Client claim emitted into a user's access token: `alwaysSendClientClaims` is true. */
  | 'always-send'
  /** Dropped: no resource the request matched asks for its type. */
  | 'not-requested'
  /** Dropped: a protocol claim (sub, aud, …) only the token issuer sets. */
  | 'protocol'
  /** Dropped: Cognito lets no trigger add or change it. */
  | 'reserved'
  /** Dropped: the type has a control, format or white-space character; `problem` says which. */
  | 'unsafe-type'
  /** Dropped from a token: the value does not parse as its value type. */
  | 'invalid-value'
  /** Not emitted again: an earlier claim has the same type, value and value type. */
  | 'duplicate'
  /** Dropped subject claim: the user's stored claims have this type, and the store wins. */
  | 'stored-wins'
  /** Client claim dropped: a user's token and `alwaysSendClientClaims` is false. */
  | 'user-without-always-send'
  /** Client claim dropped: client claims go into access tokens only. */
  | 'not-an-access-token'
  /** Dropped by the token's shaping rules (Cognito's ID token); `problem` says which. */
  | 'shaped-out'
  /** Dropped from the ID token: the client sets `alwaysIncludeUserClaimsInIdToken` to false. */
  | 'id-token-without-user-claims'

/**
 * What became of one candidate claim in one token or response. Decisions are
 * recorded only when a request asks for them (`explain`); the same steps that
 * build the claims record them.
 */
export interface ClaimDecision {
  readonly claim: Claim
  readonly origin: ClaimOrigin
  readonly emitted: boolean
  readonly reason: ClaimDecisionReason
  /** The rule in detail: the parse failure, or the shaping problem. */
  readonly problem?: string | undefined
  /** The claim's own value as emitted, typed; the token carries it alone or in an array. */
  readonly value?: JsonValue | undefined
}
