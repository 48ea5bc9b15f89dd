import type { JsonValue } from '../core/index.js'

/** Claims as a token, the userinfo answer or the introspection answer carries them. */
export type ClaimSet = Readonly<Record<string, JsonValue>>

/** What userinfo answered: the claims, or the error it refused with. */
export type UserInfoAnswer =
  | { readonly refused: false; readonly claims: ClaimSet }
  | { readonly refused: true; readonly reason: string }

/**
 * What introspection answered: the claims of an active token (its RFC 7662
 * members, which depend on the token, aside), or why it is not active.
 */
export type IntrospectionAnswer = UserInfoAnswer

/** What the functions did with one case's request. */
export interface ClaimsTestOutcome {
  /** Why the trigger refused the sign-in (Cognito shows this message), or `undefined`. */
  readonly refusedBecause: string | undefined
  /** The claims the trigger added to the ID token; absent when refused or without a user. */
  readonly idToken: ClaimSet | undefined
  /** The claims the trigger added to the access token; absent when refused or in version 1. */
  readonly accessToken: ClaimSet | undefined
  /** What userinfo answered for an access token of the case; absent without a user. */
  readonly userinfo: UserInfoAnswer | undefined
  /** What introspection answered for that access token (the client's, without a user). */
  readonly introspection: IntrospectionAnswer | undefined
}
