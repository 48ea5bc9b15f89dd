import { isDeepStrictEqual } from 'node:util'
import {
  COGNITO_TYPED_ID_TOKEN_CLAIMS,
  createPreAuthenticationHandler,
  createPreTokenGenerationHandler,
  TRIGGER_SETTINGS_DEFAULTS,
  type TriggerSettings,
} from '../../../lib/cognito/index.js'
import {
  CLIENT_DEFAULTS,
  type ClaimsConfiguration,
  type ClaimsStore,
  claimTypeRestriction,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  type StoredUser,
  staticConfigurationSource,
} from '../../../lib/core/index.js'
import { createLogger, Metrics } from '../../../lib/observability/index.js'

/** Claim types that try to reach an object's prototype or built-ins. */
export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
]

/** Reserved and protocol types a response must never carry. */
export const RESERVED_TYPES = [
  'sub',
  'iss',
  'aud',
  'exp',
  'token_use',
  'scope',
  'client_id',
  'cognito:groups',
  'cognito:username',
  'cognito:roles',
  'dev:x',
  'username',
  'identities',
]

export const ACTIVE_SUB = 'fuzz-user-0001'
export const INACTIVE_SUB = 'fuzz-user-0002'
export const WEB_CLIENT = 'web-client'

/** Every claim type the suites store or request: ordinary, pollution, reserved, unicode. */
export const CLAIM_TYPES = [
  'email',
  'name',
  'tenant_id',
  'custom:tenant_id',
  'department',
  'website',
  'ünïcødé_🚀',
  ...POLLUTION_KEYS,
  ...RESERVED_TYPES,
]

/** A configuration that asks for every type above, in both tokens, through one scope each. */
export const CONFIGURATION: ClaimsConfiguration = {
  identityResources: [
    { name: 'all', userClaims: CLAIM_TYPES },
    { name: '__proto__', userClaims: ['constructor', 'tenant_id'] },
  ],
  apiScopes: [
    { name: 'api/all', userClaims: CLAIM_TYPES },
    { name: 'constructor', userClaims: ['__proto__'] },
  ],
  apiResources: [{ name: 'api', scopes: ['api/all'], userClaims: ['department'] }],
  clients: new Map([
    [
      WEB_CLIENT,
      {
        clientId: WEB_CLIENT,
        allowedScopes: ['openid', 'profile', 'email', 'all', 'api/all', '__proto__', 'constructor'],
        claims: [
          { type: 'tier', value: '3', valueType: 'integer' },
          { type: '__proto__', value: '{"polluted":true}', valueType: 'json' },
          { type: 'sub', value: 'client-impersonation' },
        ],
        ...CLIENT_DEFAULTS,
        alwaysSendClientClaims: true,
      },
    ],
  ]),
}

/** The stored users: one active with hostile claim types and values, one inactive. */
export const USERS: readonly StoredUser[] = [
  {
    sub: ACTIVE_SUB,
    active: true,
    claims: [
      { type: 'email', value: 'stored@example.com' },
      { type: 'tenant_id', value: '42', valueType: 'integer' },
      {
        type: '__proto__',
        value: '{"polluted":true,"email":"evil@example.com"}',
        valueType: 'json',
      },
      { type: 'constructor', value: '{"prototype":{"polluted":true}}', valueType: 'json' },
      { type: 'prototype', value: 'x' },
      { type: 'toString', value: 'not a function' },
      { type: 'ünïcødé_🚀', value: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ \u0000 \u202e' },
      { type: 'sub', value: 'someone-else' },
      { type: 'token_use', value: 'id' },
      { type: 'cognito:groups', value: 'admins' },
      { type: 'website', value: 'not a number', valueType: 'integer' },
    ],
  },
  { sub: INACTIVE_SUB, active: false, claims: [{ type: 'tenant_id', value: '7' }] },
]

/** A store over `users`, answering at once. */
export function memoryStore(users: readonly StoredUser[] = USERS): ClaimsStore {
  const bySub = new Map(users.map((user) => [user.sub, user]))
  return { findUser: async (sub) => bySub.get(sub) }
}

export interface InMemoryTriggerOptions {
  readonly users?: readonly StoredUser[]
  readonly configuration?: ClaimsConfiguration
  readonly settings?: Partial<TriggerSettings>
}

/** Both triggers over memory, as the composition root wires them, with a quiet logger. */
export function inMemoryTriggers(options: InMemoryTriggerOptions = {}) {
  const lines: string[] = []
  const configuration = options.configuration ?? CONFIGURATION
  const store = memoizeClaimsStore(memoryStore(options.users))
  const deps = {
    profileService: new DefaultProfileService(store),
    // As deployed: the user's read is sent ahead of the event's check.
    readAhead: createReadAhead(store),
    configurationSource: staticConfigurationSource(configuration),
    logger: createLogger({
      level: 'warn',
      write: (line) => {
        // Keep the last few lines only: the properties run thousands of cases.
        if (lines.length > 50) lines.shift()
        lines.push(line)
      },
    }),
    metrics: new Metrics({ namespace: 'claimsmith-fuzz', dimensions: {}, write: () => {} }),
    settings: { ...TRIGGER_SETTINGS_DEFAULTS, ...options.settings },
  }
  return {
    preTokenGeneration: createPreTokenGenerationHandler(deps),
    preAuthentication: createPreAuthenticationHandler(deps),
    lines,
  }
}

/** The codes a trigger may refuse with when given bad or hostile input. */
export const EXPECTED_REFUSALS = new Set(['COGNITO_EVENT_INVALID', 'USER_INACTIVE'])

/** The messages clients may see: fixed sentences, or the event error naming a field. */
export function isSafeMessage(message: string): boolean {
  return (
    message === 'user is not active' ||
    (message.startsWith('invalid Cognito event: ') &&
      message.length < 300 &&
      !message.includes('\n'))
  )
}

/** A lambda context whose deadline never bites. */
export const NO_DEADLINE = {
  getRemainingTimeInMillis: () => 5_000,
} as unknown as import('aws-lambda').Context

function ownKeys(value: object): string[] {
  return Reflect.ownKeys(value).map(String)
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether `value` survives JSON unchanged: what Cognito would receive. */
function isJson(value: unknown): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value)
  } catch {
    return false
  }
}

/**
 * Problems with a pre-token-generation response, or `[]`: the version's
 * shape and nothing else, string values only in version 1, no reserved or
 * protocol claim type, Cognito-typed ID token claims never objects.
 */
export function responseProblems(
  version: string,
  triggerSource: string,
  response: unknown,
): string[] {
  const problems: string[] = []
  const claimMap = (where: string, map: unknown, stringsOnly: boolean, idToken: boolean) => {
    if (!isPlainRecord(map)) {
      problems.push(`${where} is not an object`)
      return
    }
    for (const type of ownKeys(map)) {
      const value = map[type]
      if (claimTypeRestriction(type) !== undefined) problems.push(`${where} carries ${type}`)
      if (stringsOnly && typeof value !== 'string')
        problems.push(`${where}.${type} is not a string`)
      if (!isJson(value)) problems.push(`${where}.${type} is not JSON`)
      if (idToken && COGNITO_TYPED_ID_TOKEN_CLAIMS.has(type) && typeof value === 'object') {
        problems.push(`${where}.${type} is an object`)
      }
    }
  }
  const exactKeys = (where: string, value: unknown, keys: string[]) => {
    if (!isPlainRecord(value)) {
      problems.push(`${where} is not an object`)
      return false
    }
    const actual = ownKeys(value).sort()
    if (!isDeepStrictEqual(actual, [...keys].sort())) {
      problems.push(`${where} has keys ${actual.join(',')}`)
      return false
    }
    return true
  }
  if (version === '1') {
    if (!exactKeys('response', response, ['claimsOverrideDetails'])) return problems
    const details = (response as Record<string, unknown>).claimsOverrideDetails
    if (!exactKeys('claimsOverrideDetails', details, ['claimsToAddOrOverride'])) return problems
    claimMap('v1', (details as Record<string, unknown>).claimsToAddOrOverride, true, true)
    return problems
  }
  if (!exactKeys('response', response, ['claimsAndScopeOverrideDetails'])) return problems
  const details = (response as Record<string, unknown>).claimsAndScopeOverrideDetails
  const clientCredentials = triggerSource === 'TokenGeneration_ClientCredentials'
  const tokens = clientCredentials
    ? ['accessTokenGeneration']
    : ['idTokenGeneration', 'accessTokenGeneration']
  if (!exactKeys('claimsAndScopeOverrideDetails', details, tokens)) return problems
  for (const token of tokens) {
    const overrides = (details as Record<string, unknown>)[token]
    if (!exactKeys(token, overrides, ['claimsToAddOrOverride'])) continue
    claimMap(
      token,
      (overrides as Record<string, unknown>).claimsToAddOrOverride,
      false,
      token === 'idTokenGeneration',
    )
  }
  return problems
}

/** Whether anything reached Object.prototype. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {}
  return (
    'polluted' in probe ||
    Object.getOwnPropertyNames(Object.prototype).some(
      (name) => name === 'polluted' || name === 'email',
    )
  )
}
