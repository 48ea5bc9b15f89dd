import { InvalidRequest } from './oauth-errors.js'

/** What an Authorization header holds, as far as bearer tokens go. */
export type AuthorizationCredentials =
  | { readonly scheme: 'none' }
  | { readonly scheme: 'other' }
  | { readonly scheme: 'bearer'; readonly token: string }

/**
 * Longer headers are refused before they are parsed. Cognito access tokens are
 * 1–2 KB; 8 KB leaves room for large group lists and stays below the header
 * limits of most proxies.
 */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 8192

// RFC 9110 section 11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
const CREDENTIALS = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +(.*))?$/s
// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * Reads an Authorization header per RFC 6750 section 2.1 and RFC 9110 section 11.4:
 *
 * - absent: `none`; the caller answers with a bare challenge (RFC 6750 section 3.1);
 * - another scheme (`Basic …`): `other`, treated like no bearer token at all,
 *   since RFC 6750 section 3.1 lists "an unsupported authentication method" with the
 *   requests that lack authentication;
 * - the scheme is case-insensitive, so `bearer x` is a bearer token;
 * - one or more spaces may separate scheme and token (`1*SP` in both RFCs),
 *   so `Bearer  x` is accepted; a tab is not a separator;
 * - `Bearer` alone, a token with characters outside b64token, or extra parts
 *   (`Bearer a b`, two headers joined as `Bearer a, Bearer b`) are malformed:
 *   400 invalid_request, since no token could be read to be invalid;
 * - a header over 8 KB is refused unread with invalid_request.
 *
 * @example
 * parseAuthorizationHeader('bearer eyJhbGciOi…') // { scheme: 'bearer', token: 'eyJhbGciOi…' }
 * parseAuthorizationHeader(undefined) // { scheme: 'none' }
 */
export function parseAuthorizationHeader(value: string | undefined): AuthorizationCredentials {
  if (value === undefined) return { scheme: 'none' }
  if (value.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
    throw new InvalidRequest('the Authorization header is too large')
  }
  // Field values carry no leading or trailing whitespace (RFC 9110 section 5.5); not every proxy strips it.
  const match = CREDENTIALS.exec(value.replace(/^[ \t]+|[ \t]+$/g, ''))
  if (match === null) throw new InvalidRequest('the Authorization header is malformed')
  const [, scheme = '', token] = match
  if (scheme.toLowerCase() !== 'bearer') return { scheme: 'other' }
  if (token === undefined || token === '') {
    throw new InvalidRequest('the Authorization header carries no bearer token')
  }
  if (!B64TOKEN.test(token)) {
    throw new InvalidRequest('the bearer token in the Authorization header is malformed')
  }
  return { scheme: 'bearer', token }
}
