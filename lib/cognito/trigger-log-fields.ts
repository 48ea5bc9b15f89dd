import type { LogFields } from '../observability/index.js'

const MAX_FIELD_LENGTH = 128

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  return value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}…` : value
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function count(overrides: unknown): number | undefined {
  const claims = record(record(overrides)?.claimsToAddOrOverride)
  return claims === undefined ? undefined : Object.keys(claims).length
}

/**
 * What a log entry may say about a trigger event, read defensively because
 * the event may be malformed: the trigger source, version, user pool and
 * client; never the user's attributes.
 *
 * @example
 * logger.info('trigger completed', triggerEventFields(event))
 */
export function triggerEventFields(event: unknown): LogFields {
  const e = record(event)
  const fields: LogFields = {}
  const triggerSource = text(e?.triggerSource)
  const version = text(e?.version)
  const userPoolId = text(e?.userPoolId)
  const clientId = text(record(e?.callerContext)?.clientId)
  if (triggerSource !== undefined) fields.triggerSource = triggerSource
  if (version !== undefined) fields.version = version
  if (userPoolId !== undefined) fields.userPoolId = userPoolId
  if (clientId !== undefined) fields.clientId = clientId
  return fields
}

/**
 * How many claims a trigger's response adds to each token: counts, never the
 * claims.
 *
 * @example
 * triggerResponseCounts(result) // { idTokenClaims: 3, accessTokenClaims: 2 }
 */
export function triggerResponseCounts(result: unknown): LogFields {
  const response = record(record(result)?.response)
  const fields: LogFields = {}
  const v1 = count(response?.claimsOverrideDetails)
  const details = record(response?.claimsAndScopeOverrideDetails)
  const id = v1 ?? count(details?.idTokenGeneration)
  const access = count(details?.accessTokenGeneration)
  if (id !== undefined) fields.idTokenClaims = id
  if (access !== undefined) fields.accessTokenClaims = access
  return fields
}
