import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { InvalidRequest } from './oauth-errors.js'
import { MAX_AUTHORIZATION_HEADER_LENGTH } from './parse-authorization-header.js'

/** Larger form bodies are refused unread: the form carries one token and nothing else of use. */
export const MAX_FORM_BODY_LENGTH = 16_384

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded'

/** A form body read by `readFormBody`. */
export interface FormBody {
  /** The body's parameters, decoded. */
  readonly parameters: URLSearchParams
  /**
   * Every value of the token parameter `name`; an empty one or one longer
   * than an Authorization header may be is `InvalidRequest`.
   */
  tokens(name: string): string[]
}

/**
 * The `application/x-www-form-urlencoded` body of a payload-2.0 request, or
 * `undefined` for another media type or no body. A body over
 * `MAX_FORM_BODY_LENGTH` is refused unread with `InvalidRequest`. Expects
 * lower-case header names (API Gateway's payload 2.0, or the header normalizer).
 *
 * @example
 * const token = readFormBody(event)?.tokens('token')[0]
 */
export function readFormBody(event: APIGatewayProxyEventV2): FormBody | undefined {
  const mediaType = event.headers?.['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (mediaType !== FORM_MEDIA_TYPE || event.body === undefined) return undefined
  const limit = event.isBase64Encoded
    ? Math.ceil(MAX_FORM_BODY_LENGTH / 3) * 4
    : MAX_FORM_BODY_LENGTH
  if (event.body.length > limit) throw new InvalidRequest('the request body is too large')
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body
  const parameters = new URLSearchParams(body)
  return {
    parameters,
    tokens: (name) => {
      const tokens = parameters.getAll(name)
      for (const token of tokens) {
        if (token === '') throw new InvalidRequest(`the ${name} parameter is empty`)
        if (token.length > MAX_AUTHORIZATION_HEADER_LENGTH) {
          throw new InvalidRequest(`the ${name} parameter is too large`)
        }
      }
      return tokens
    },
  }
}
