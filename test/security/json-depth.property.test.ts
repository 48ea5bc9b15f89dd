import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateUserRecord } from '../../lib/cli/validate-user-record.js'
import { buildPreTokenGenerationResponse } from '../../lib/cognito/build-pre-token-generation-response.js'
import { idTokenShaper } from '../../lib/cognito/id-token-shaper.js'
import { parseConfigurationFile } from '../../lib/configuration-file/index.js'
import {
  addedClaimBytes,
  type Claim,
  type JsonValue,
  MAX_JSON_DEPTH,
  parseClaimValue,
  serializeClaims,
} from '../../lib/core/index.js'
import { reportFigures } from '../reliability/support/trigger-harness.js'

/**
 * JSON text nested `levels` deep, mixing arrays and objects, around a string
 * of `size` characters.
 */
function nestedJson(levels: readonly boolean[], size: number): string {
  const open = levels.map((array) => (array ? '[' : '{"k":')).join('')
  const close = levels
    .map((array) => (array ? ']' : '}'))
    .reverse()
    .join('')
  return `${open}"${'x'.repeat(size)}"${close}`
}

const deepValue = fc
  .record({
    depth: fc.oneof(
      fc.integer({ min: 0, max: MAX_JSON_DEPTH + 2 }),
      fc.integer({ min: 0, max: 20_000 }),
    ),
    arrays: fc.boolean(),
    mixed: fc.boolean(),
    size: fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 200_000 })),
  })
  .map(({ depth, arrays, mixed, size }) => ({
    depth,
    text: nestedJson(
      Array.from({ length: depth }, (_, level) => (mixed ? level % 2 === 0 : arrays)),
      size,
    ),
  }))

const tally = { cases: 0, maxDepth: 0, refusedTooDeep: 0, accepted: 0 }

describe('json claim values of any depth and size', () => {
  it('never throw RangeError anywhere a stored or written value goes', () => {
    fc.assert(
      fc.property(deepValue, ({ depth, text }) => {
        tally.cases++
        tally.maxDepth = Math.max(tally.maxDepth, depth)
        const claim: Claim = { type: 'settings', value: text, valueType: 'json' }
        const parsed = parseClaimValue(claim)
        expect(parsed.ok).toBe(depth <= MAX_JSON_DEPTH)
        if (parsed.ok) tally.accepted++
        else {
          tally.refusedTooDeep++
          expect(parsed.error.reason).toBe('too-deep')
        }

        // The runtime: serialized for a token and for userinfo, shaped and
        // built into every response version, and measured.
        const token = serializeClaims([claim], 'token')
        const userinfo = serializeClaims([claim], 'userinfo')
        expect(userinfo.claims.settings).toEqual(parsed.ok ? parsed.value : text)
        for (const version of ['1', '2', '3'] as const) {
          const shape = idTokenShaper({}, version)
          const idToken: Record<string, JsonValue> = {}
          for (const [type, value] of Object.entries(token.claims)) {
            const shaped = shape(type, value)
            if (shaped === undefined) idToken[type] = value
            else if (shaped.ok) idToken[type] = shaped.value
          }
          const built = buildPreTokenGenerationResponse(version, {
            idToken,
            accessToken: token.claims,
          })
          addedClaimBytes(idToken)
          JSON.stringify(built)
        }
        JSON.stringify(userinfo.claims)

        // The writers: the configuration validator (user and client claims)
        // and the record check of `users import` and `users set-claim`.
        const file = parseConfigurationFile(
          JSON.stringify({
            clients: [{ clientId: 'c', claims: [claim] }],
            users: [{ sub: 's', claims: [claim] }],
          }),
          'deep.json',
        )
        // A large value may also exceed the token size budget: only the
        // value's own problems are compared.
        const valueProblems = file.ok
          ? []
          : file.problems.filter((problem) => problem.message.includes('does not parse'))
        if (parsed.ok) expect(valueProblems).toEqual([])
        else {
          expect(valueProblems.map((problem) => problem.path)).toEqual([
            'clients[0].claims[0].value',
            'users[0].claims[0].value',
          ])
          for (const problem of valueProblems) {
            expect(problem.message).toContain(`nest more than ${MAX_JSON_DEPTH} levels deep`)
            expect(problem.line).toBe(1)
          }
        }
        const record = validateUserRecord({ sub: 's', claims: [claim] })
        const recordProblems = record.ok
          ? []
          : record.problems.filter((problem) => problem.message.includes('does not parse'))
        expect(recordProblems.map((problem) => problem.path)).toEqual(
          parsed.ok ? [] : ['claims[0].value'],
        )
      }),
      { numRuns: 120 },
    )
    reportFigures('security', 'json depth property', tally)
  }, 120_000)
})
