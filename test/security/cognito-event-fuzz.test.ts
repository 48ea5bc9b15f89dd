import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { loadEvent, USER_SOURCE_FIXTURES } from '../cognito/support/events.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'
import { cpuMillisSince } from '../support/cpu-time.js'
import {
  ACTIVE_SUB,
  CLAIM_TYPES,
  EXPECTED_REFUSALS,
  INACTIVE_SUB,
  inMemoryTriggers,
  isSafeMessage,
  NO_DEADLINE,
  POLLUTION_KEYS,
  prototypePolluted,
  RESERVED_TYPES,
  responseProblems,
  WEB_CLIENT,
} from './support/in-memory-triggers.js'

const triggers = inMemoryTriggers()
const tally = { cases: 0, responses: 0, refusals: 0, ms: 0 }

type Event = Record<string, unknown>

/** Every fixture event (all versions and sources, pre-authentication too), aimed at the fuzz user. */
const FIXTURES: readonly Event[] = [
  ...(['1', '2', '3'] as const).flatMap((version) =>
    USER_SOURCE_FIXTURES.map(([, source]) =>
      loadEvent(`pre-token-generation-v${version}-${source}`),
    ),
  ),
  loadEvent('pre-token-generation-v3-client-credentials'),
  loadEvent('pre-authentication'),
  loadEvent('pre-authentication-user-not-found'),
].map((event) => {
  event.callerContext.clientId = WEB_CLIENT
  if (typeof event.request.userAttributes === 'object' && 'sub' in event.request.userAttributes) {
    event.request.userAttributes.sub = ACTIVE_SUB
  }
  return event
})

/**
 * The version the token trigger answers an event as: its own when known,
 * else the one its response object shows, else none (handed back as it is).
 */
function answeredVersion(event: Event): string | undefined {
  const version = String(event.version)
  if (['1', '2', '3'].includes(version)) return version
  const response = (event as { response?: unknown }).response
  if (typeof response !== 'object' || response === null) return undefined
  if (Object.hasOwn(response, 'claimsAndScopeOverrideDetails')) return '3'
  if (Object.hasOwn(response, 'claimsOverrideDetails')) return '1'
  return undefined
}

/**
 * Runs `event` through both triggers. Each must answer with a valid response
 * for its own events or refuse with a typed, safe error: never an unexpected
 * error, never a reserved claim, never a polluted prototype.
 */
async function expectContained(event: unknown): Promise<void> {
  const started = performance.now()
  for (const kind of ['token', 'authentication'] as const) {
    tally.cases += 1
    const outcome = await (kind === 'token'
      ? triggers.preTokenGeneration(event, NO_DEADLINE)
      : triggers.preAuthentication(event, NO_DEADLINE)
    ).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    if (outcome.ok) {
      tally.responses += 1
      const e = event as Event
      const answered = answeredVersion(e)
      if (kind === 'token') {
        const { response } = outcome.result as { response: unknown }
        if (answered === undefined) expect(outcome.result).toBe(event)
        else expect(responseProblems(answered, String(e.triggerSource), response)).toEqual([])
      } else {
        expect(outcome.result).toBe(event)
      }
    } else {
      tally.refusals += 1
      const error = outcome.error as Error & { code?: string }
      expect(error).toBeInstanceOf(Error)
      expect(EXPECTED_REFUSALS.has(String(error.code)), `${error.code}: ${error.message}`).toBe(
        true,
      )
      expect(isSafeMessage(error.message), error.message).toBe(true)
      expect(error.cause).toBeUndefined()
    }
  }
  expect(prototypePolluted()).toBe(false)
  tally.ms += performance.now() - started
}

/** Keys an attacker would pick: pollution, reserved, unicode, Cognito's own shapes. */
const hostileKey = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS, ...RESERVED_TYPES, ...CLAIM_TYPES, 'sub', 'custom:tenant_id'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ maxLength: 4 }).map((name) => `custom:${name}`),
)

/** Text an attacker would pick: unicode, control characters, long runs, JSON look-alikes. */
const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{"polluted":true}', '__proto__', '', 'true', '42', 'null'),
  },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)) },
)

/** A record with own keys named as given, `__proto__` included (as JSON.parse makes them). */
const hostileRecord = <T>(value: fc.Arbitrary<T>, maxLength: number) =>
  fc
    .array(fc.tuple(hostileKey, value), { maxLength })
    .map((entries) => Object.fromEntries(entries) as Record<string, T>)

/** A value of any JSON type, or something that is not JSON at all. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), hostileText)

function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix]
  const keys = Array.isArray(value)
    ? value.map((_, index) => index)
    : Reflect.ownKeys(value).map(String)
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key])),
  ]
}

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'add'; readonly at: number; readonly key: string; readonly value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: anyValue }),
)

function mutate(original: Event, mutations: readonly Mutation[]): unknown {
  let event: unknown = structuredClone(original)
  for (const change of mutations) {
    const paths = pathsOf(event)
    const path = paths[change.at % paths.length] ?? []
    if (path.length === 0) {
      if (change.kind === 'replace') event = change.value
      continue
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], event)
    const key = path.at(-1) as string | number
    const target = parent as Record<string | number, unknown>
    if (change.kind === 'delete') delete target[key]
    else if (change.kind === 'replace')
      Object.defineProperty(target, key, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else {
      const node = target[key]
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        Object.defineProperty(node, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
    }
  }
  return event
}

/** A well-formed event of any version and source, filled with hostile content. */
const hostileValidEvent = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    userName: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    sub: fc.oneof(
      fc.constantFrom(ACTIVE_SUB, INACTIVE_SUB, '__proto__', 'constructor'),
      fc.string({ minLength: 1, maxLength: 20 }),
    ),
    attributes: hostileRecord(hostileText, 30),
    scopes: fc.array(
      fc.oneof(
        fc.constantFrom(
          'openid',
          'all',
          'api/all',
          'email',
          'profile',
          'aws.cognito.signin.user.admin',
        ),
        hostileKey,
      ),
      { maxLength: 8 },
    ),
    clientId: fc.oneof(
      fc.constantFrom(WEB_CLIENT, '__proto__', 'constructor', 'toString'),
      fc.string({ minLength: 1, maxLength: 20 }),
    ),
    clientMetadata: hostileRecord(hostileText, 5),
  })
  .map(({ fixture, userName, sub, attributes, scopes, clientId, clientMetadata }) => {
    const event = structuredClone(fixture) as Event & {
      request: Record<string, unknown>
      callerContext: Record<string, unknown>
    }
    const clientCredentials = event.triggerSource === 'TokenGeneration_ClientCredentials'
    if (!clientCredentials) {
      event.userName = userName
      event.request.userAttributes = { ...attributes, sub }
    }
    if (event.version !== '1' && !String(event.triggerSource).startsWith('PreAuthentication')) {
      event.request.scopes = scopes
    }
    event.request.clientMetadata = clientMetadata
    event.callerContext.clientId = clientId
    return event
  })

describe('Cognito trigger events, fuzzed through the real handlers', () => {
  afterAll(() => {
    reportFigures('security', 'cognito event fuzzing', {
      invocations: tally.cases,
      responses: tally.responses,
      typedRefusals: tally.refusals,
      unexpected: 0,
      ms: tally.ms,
    })
  })

  it('answers or refuses with the typed error for arbitrary values as the event', async () => {
    await fc.assert(fc.asyncProperty(anyValue, expectContained), { numRuns: 2_000 })
  })

  it('answers or refuses with the typed error for fixture events of every version with fields missing, retyped or added', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (fixture, mutations) => expectContained(mutate(fixture, mutations)),
      ),
      { numRuns: 3_000 },
    )
  })

  it('answers every well-formed event full of hostile keys, scopes, clients and text, refusing only the inactive user', async () => {
    await fc.assert(
      fc.asyncProperty(hostileValidEvent, async (event) => {
        const attributes = (event.request as { userAttributes?: Record<string, unknown> })
          .userAttributes
        const inactive = attributes?.sub === INACTIVE_SUB
        const authentication = String(event.triggerSource).startsWith('PreAuthentication')
        const result = await (authentication
          ? triggers.preAuthentication(event, NO_DEADLINE)
          : triggers.preTokenGeneration(event, NO_DEADLINE)
        ).then(
          (value) => value,
          (error: Error & { code?: string }) => error,
        )
        if (result instanceof Error) {
          expect(inactive, `${result.code}: ${result.message}`).toBe(true)
          expect(result.message).toBe('user is not active')
        } else if (authentication) {
          expect(result).toBe(event)
        } else {
          expect(
            responseProblems(
              answeredVersion(event) ?? 'none',
              String(event.triggerSource),
              result.response,
            ),
          ).toEqual([])
        }
        await expectContained(event)
      }),
      { numRuns: 2_000 },
    )
  })

  it('answers an event with a huge attribute map within a bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ...FIXTURES.filter(
            (event) => event.triggerSource !== 'TokenGeneration_ClientCredentials',
          ),
        ),
        fc.integer({ min: 1_000, max: 5_000 }),
        fc.nat({ max: 2_000 }),
        async (fixture, count, length) => {
          const event = structuredClone(fixture) as Event & {
            request: { userAttributes: Record<string, string> }
          }
          const entries = Array.from({ length: count }, (_, index) => [
            `custom:a${index}`,
            `${'ü'.repeat(length)}${index}`,
          ])
          for (const key of [...POLLUTION_KEYS, ...CLAIM_TYPES])
            entries.push([key, 'x'.repeat(length)])
          entries.push(['sub', ACTIVE_SUB])
          event.request.userAttributes = Object.fromEntries(entries)
          const since = process.cpuUsage()
          await expectContained(event)
          expect(cpuMillisSince(since)).toBeLessThan(2_000)
        },
      ),
      { numRuns: 30 },
    )
  })
})
