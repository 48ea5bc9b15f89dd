import { generateKeyPairSync, type KeyObject, sign as rsaSign } from 'node:crypto'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import fc from 'fast-check'
import { createLocalJWKSet } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type ClaimsConfiguration,
  createReadAhead,
  DefaultProfileService,
  memoizeClaimsStore,
  staticConfigurationSource,
} from '../../lib/core/index.js'
import { createLogger, Metrics } from '../../lib/observability/index.js'
import { createUserInfoHandler, readUserInfoSettings } from '../../lib/userinfo/index.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { httpApiEvent, lambdaContext } from '../userinfo/support/events.js'
import { memoryStore, POLLUTION_KEYS } from './support/in-memory-triggers.js'

const USER_POOL_ID = 'eu-west-1_Fuzz'
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${USER_POOL_ID}`
const SUB = 'userinfo-fuzz-user'
const KID = 'real-key'

interface RsaKey {
  readonly privateKey: KeyObject
  readonly publicJwk: Record<string, unknown>
}

function rsaKey(kid: string): RsaKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
  }
}

const REAL = rsaKey(KID)
const ATTACKERS = [rsaKey(KID), rsaKey('attacker'), rsaKey('x')]

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/** A compact JWS of any header and payload, RS256-signed by `key`'s private half. */
function forge(header: unknown, payload: unknown, key: RsaKey): string {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${rsaSign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return {
    sub: SUB,
    iss: ISSUER,
    client_id: 'web',
    token_use: 'access',
    scope: 'openid profile',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: 'jti-1',
    ...overrides,
  }
}

const CONFIGURATION: ClaimsConfiguration = {
  identityResources: [],
  apiScopes: [],
  apiResources: [],
  clients: new Map(),
}

const logLines: string[] = []
const store = memoizeClaimsStore(
  memoryStore([{ sub: SUB, active: true, claims: [{ type: 'name', value: 'Fuzz User' }] }]),
)
const handler = createUserInfoHandler({
  settings: readUserInfoSettings({ USER_POOL_ID }),
  profileService: new DefaultProfileService(store),
  // As deployed: a token whose unverified claims look right gets its read sent ahead.
  readAhead: createReadAhead(store),
  configurationSource: staticConfigurationSource(CONFIGURATION),
  logger: createLogger({
    level: 'error',
    write: (line) => {
      if (logLines.length < 20) logLines.push(line)
    },
  }),
  metrics: new Metrics({ namespace: 'claimsmith-fuzz', dimensions: {}, write: () => {} }),
  keySet: createLocalJWKSet({ keys: [REAL.publicJwk] }),
})

const tally = { requests: 0, byStatus: new Map<number, number>() }

afterAll(() => {
  reportFigures('security', 'userinfo fuzzing', {
    requests: tally.requests,
    ...Object.fromEntries(
      [...tally.byStatus].sort().map(([status, count]) => [`s${status}`, count]),
    ),
    serverErrors: 0,
  })
})

const CHALLENGE =
  /^Bearer realm="userinfo"(, error="(invalid_request|invalid_token|insufficient_scope)", error_description="[\x20\x21\x23-\x5B\x5D-\x7E]*"(, scope="[\x20\x21\x23-\x5B\x5D-\x7E]*")?)?$/
const INTERNALS = /127\.0\.0\.1|stack|\n\s+at |node_modules|TypeError|ReferenceError|JWS|JOSE|ERR_/

/** Sends one request and checks what every answer must be: RFC 6750 shaped, never 5xx, never leaking. */
async function ask(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const result = (await handler(event, lambdaContext())) as APIGatewayProxyStructuredResultV2
  const status = result.statusCode ?? 0
  tally.requests += 1
  tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1)
  expect([200, 400, 401, 403, 405], `status ${status} ${result.body}`).toContain(status)
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    expect(String(value), name).not.toMatch(/[\r\n]/)
  }
  expect(result.headers?.['Cache-Control']).toBe('no-store')
  if (status === 401 || status === 400 || status === 403) {
    expect(String(result.headers?.['WWW-Authenticate'])).toMatch(CHALLENGE)
  }
  if (result.body !== undefined) {
    expect(result.body).not.toMatch(INTERNALS)
    const body = JSON.parse(result.body) as Record<string, unknown>
    if (status !== 200) {
      expect(['invalid_request', 'invalid_token', 'insufficient_scope']).toContain(body.error)
    } else {
      expect(body.sub).toBe(SUB)
    }
  }
  return result
}

function bearer(token: string, extra: Parameters<typeof httpApiEvent>[0] = {}) {
  return httpApiEvent({
    ...extra,
    headers: { ...extra.headers, authorization: `Bearer ${token}` },
  })
}

const headerName = fc.oneof(
  fc.constantFrom(
    'authorization',
    'Authorization',
    'AUTHORIZATION',
    'content-type',
    'Content-Type',
    'cookie',
    'x-forwarded-for',
    'host',
    ...POLLUTION_KEYS,
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
)
const tokenish = fc.oneof(
  fc.string({
    unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_.~+/='.split('')),
    maxLength: 200,
  }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.nat({ max: 40_000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom(
    forge({ alg: 'none' }, claims(), REAL),
    `${b64({ alg: 'none' })}.${b64(claims())}.`,
    'eyJhbGciOiJub25lIn0.e30.',
    '..',
    '.',
  ),
)
const headerValue = fc.oneof(
  tokenish.map((token) => `Bearer ${token}`),
  tokenish.map((token) => `bearer  ${token}`),
  tokenish.map((token) => `Basic ${token}`),
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/json',
    'text/plain; charset=utf-8',
    'Bearer',
  ),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
)

const fuzzedRequest = fc.record({
  method: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'get', 'post') },
    { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'HEAD') },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  ),
  headers: fc
    .array(fc.tuple(headerName, headerValue), { maxLength: 6 })
    .map((entries) => Object.fromEntries(entries) as Record<string, string>),
  body: fc.option(
    fc.oneof(
      tokenish.map((token) => `access_token=${encodeURIComponent(token)}`),
      tokenish.map((token) => `access_token=${token}&access_token=${token}`),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.nat({ max: 40_000 }).map((n) => `access_token=${'b'.repeat(n)}`),
    ),
    { nil: undefined },
  ),
  isBase64Encoded: fc.boolean(),
  rawQueryString: fc.oneof(
    fc.constant(''),
    fc.constantFrom('access_token=x', 'a=b', 'access_token'),
    fc.string({ maxLength: 30 }),
  ),
})

describe('the userinfo endpoint, fuzzed in process', () => {
  it('answers fuzzed methods, headers, bodies and query strings with a 4xx in RFC 6750 shape, never 5xx, never 200', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzedRequest, async (request) => {
        const result = await ask(httpApiEvent(request))
        expect(result.statusCode).not.toBe(200)
      }),
      { numRuns: 3_000 },
    )
  })

  it('answers a valid token with fuzzed extras only with 200 or a 4xx, and 200 only for its own sub', async () => {
    const token = forge({ alg: 'RS256', kid: KID, typ: 'JWT' }, claims(), REAL)
    await fc.assert(
      fc.asyncProperty(fuzzedRequest, async (request) => {
        const event = httpApiEvent(request)
        event.headers = { ...event.headers, authorization: `Bearer ${token}` }
        await ask(event)
      }),
      { numRuns: 1_000 },
    )
  })
})

describe('the userinfo attack list, as properties: a token not signed by the key set gets 401', () => {
  const header = fc.record(
    {
      alg: fc.oneof(
        fc.constantFrom('RS256', 'none', 'HS256', 'RS384', 'ES256', 'PS256', 'None', 'rs256'),
        fc.string({ maxLength: 6 }),
      ),
      kid: fc.oneof(
        fc.constantFrom(KID, 'attacker', '../../etc/passwd', "' OR 1=1 --", '__proto__'),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      typ: fc.constantFrom('JWT', 'at+jwt', 'JOSE'),
      jwk: fc.constantFrom(...ATTACKERS.map((key) => key.publicJwk)),
      jku: fc.constantFrom('https://evil.example.com/jwks.json', 'http://127.0.0.1:1/jwks'),
      x5u: fc.constant('https://evil.example.com/cert.pem'),
      crit: fc.constantFrom(['exp'], ['b64'], []),
      b64: fc.boolean(),
    },
    { requiredKeys: ['alg'] },
  )
  const payload = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .record({
          sub: fc.constantFrom(SUB, 'someone-else'),
          scope: fc.constantFrom('openid', 'openid profile', 'profile'),
        })
        .map((extra) => claims(extra)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.constantFrom(...POLLUTION_KEYS, 'sub', 'iss', 'exp', 'token_use', 'scope'),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
  )

  it('refuses tokens signed by any other key, whatever their header and claims say', async () => {
    await fc.assert(
      fc.asyncProperty(header, payload, fc.constantFrom(...ATTACKERS), async (h, p, key) => {
        const result = await ask(bearer(forge(h, p, key)))
        expect(result.statusCode).toBe(401)
      }),
      { numRuns: 800 },
    )
  })

  it('refuses unsigned and HS256 tokens (the public key as the secret), whatever their claims', async () => {
    const { createHmac } = await import('node:crypto')
    const pem = ATTACKERS[0]?.privateKey.export({ type: 'pkcs1', format: 'pem' }) ?? ''
    await fc.assert(
      fc.asyncProperty(payload, fc.boolean(), async (p, unsigned) => {
        const input = `${b64({ alg: unsigned ? 'none' : 'HS256', kid: KID })}.${b64(p)}`
        const token = unsigned
          ? `${input}.`
          : `${input}.${createHmac('sha256', String(pem)).update(input).digest('base64url')}`
        const result = await ask(bearer(token))
        // `Bearer x.y.` is a b64token: it must reach the verifier and fail there.
        expect(result.statusCode).toBe(401)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses a valid token with any one character changed, unless the change decodes to the same bytes', async () => {
    const token = forge({ alg: 'RS256', kid: KID, typ: 'JWT' }, claims(), REAL)
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const decoded = (text: string) =>
      text.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex'))
    let unchanged = 0
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...ALPHABET.split('')),
        async (at, char) => {
          if (token[at] === '.' || token[at] === char) return
          const mutated = token.slice(0, at) + char + token.slice(at + 1)
          const result = await ask(bearer(mutated))
          const same = decoded(mutated).join('.') === decoded(token).join('.')
          if (same) unchanged += 1
          // A signature is over the text, so only a signature character whose extra bits decode away keeps it valid.
          expect(result.statusCode).toBe(same && at > token.lastIndexOf('.') ? 200 : 401)
        },
      ),
      { numRuns: 1_000 },
    )
    reportFigures('security', 'userinfo one-character token mutations', { sameBytes: unchanged })
  })

  it('refuses valid signatures over claims that fail a check: issuer, token use, expiry, not-before, sub', async () => {
    const now = Math.floor(Date.now() / 1000)
    const broken = fc.oneof(
      fc
        .string({ maxLength: 40 })
        .filter((iss) => iss !== ISSUER)
        .map((iss) => ({ iss })),
      fc
        .oneof(fc.constantFrom('id', 'ACCESS', '', 'refresh'), fc.jsonValue({ maxDepth: 1 }))
        .filter((use) => use !== 'access')
        .map((token_use) => ({ token_use })),
      fc.integer({ min: 10, max: 10_000_000 }).map((ago) => ({ exp: now - ago })),
      fc.integer({ min: 10, max: 10_000_000 }).map((ahead) => ({ nbf: now + ahead })),
      fc.constantFrom(
        { sub: '' },
        { sub: undefined },
        { sub: [SUB] },
        { sub: 42 },
        { exp: undefined },
        { exp: 'tomorrow' },
        { client_id: undefined },
        { scope: ['openid'] },
      ),
    )
    await fc.assert(
      fc.asyncProperty(broken, async (change) => {
        const payload = Object.fromEntries(
          Object.entries(claims(change)).filter(([, value]) => value !== undefined),
        )
        const result = await ask(bearer(forge({ alg: 'RS256', kid: KID }, payload, REAL)))
        expect(result.statusCode).toBe(401)
      }),
      { numRuns: 800 },
    )
  })

  it('refuses oversized tokens, valid or not, without verifying them', async () => {
    const token = forge({ alg: 'RS256', kid: KID }, claims(), REAL)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8_193, max: 200_000 }),
        fc.boolean(),
        async (length, inBody) => {
          const padded = `${token}${'A'.repeat(Math.max(0, length - token.length))}`
          const event = inBody
            ? httpApiEvent({
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: `access_token=${padded}`,
              })
            : bearer(padded)
          const result = await ask(event)
          expect(result.statusCode).toBe(400)
        },
      ),
      { numRuns: 200 },
    )
  })
})
