import { describe, expect, it } from 'vitest'
import {
  readCsvUsers,
  readJsonLinesUsers,
  type UserImportEntry,
  validateUserRecord,
} from '../../lib/cli/index.js'

async function* linesOf(...lines: string[]): AsyncGenerator<string> {
  yield* lines
}

async function collect(entries: AsyncIterable<UserImportEntry>): Promise<UserImportEntry[]> {
  const out: UserImportEntry[] = []
  for await (const entry of entries) out.push(entry)
  return out
}

describe('validateUserRecord', () => {
  it('accepts a record and defaults active to true', () => {
    expect(
      validateUserRecord({
        sub: 'u1',
        claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
      }),
    ).toEqual({
      ok: true,
      user: {
        sub: 'u1',
        active: true,
        claims: [{ type: 'tier', value: '3', valueType: 'integer' }],
      },
    })
  })

  it.each([
    [
      { sub: 'u1', claims: [{ type: 'tier', value: 'x', valueType: 'integer' }] },
      'claims[0].value',
      /does not parse as integer/,
    ],
    [{ sub: 'u1', claims: [{ type: 'sub', value: 'x' }] }, 'claims[0].type', /protocol claim/],
    [
      { sub: 'u1', claims: [{ type: 'cognito:groups', value: 'x' }] },
      'claims[0].type',
      /reserved by Cognito/,
    ],
    [
      { sub: 'u1', claims: [{ type: 'a', value: 'x', valueType: 'integr' }] },
      'claims[0].valueType',
      /not a known value type/,
    ],
    [{ sub: 'u1', claims: [], extra: 1 }, 'extra', /the record has an unknown key "extra"/],
    [{ sub: '', claims: [] }, 'sub', /sub/],
  ])('refuses %j at %s with the configuration file’s message', (record, path, message) => {
    const result = validateUserRecord(record)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems[0]?.path).toBe(path)
    expect(result.problems[0]?.message).toMatch(message)
    expect(result.problems[0]?.message).not.toContain('users[0]')
    expect(result.problems[0]?.hint).not.toBe('')
  })
})

describe('readJsonLinesUsers', () => {
  it('yields each user with its line, skipping empty lines', async () => {
    const entries = await collect(
      readJsonLinesUsers(
        linesOf('{"sub":"a","claims":[]}', '', '{"sub":"b","active":false,"claims":[]}'),
      ),
    )
    expect(entries).toEqual([
      { ok: true, line: 1, user: { sub: 'a', active: true, claims: [] } },
      { ok: true, line: 3, user: { sub: 'b', active: false, claims: [] } },
    ])
  })

  it('fails a line that is not JSON and a record that breaks the rules, with their lines', async () => {
    const entries = await collect(
      readJsonLinesUsers(
        linesOf('{"sub":"a",', '{"sub":"b","claims":[{"type":"aud","value":"x"}]}'),
      ),
    )
    expect(entries).toMatchObject([
      {
        ok: false,
        line: 1,
        failures: [{ line: 1, message: expect.stringMatching(/^not valid JSON/) }],
      },
      {
        ok: false,
        line: 2,
        sub: 'b',
        failures: [{ line: 2, sub: 'b', message: expect.stringMatching(/protocol claim/) }],
      },
    ])
  })
})

describe('readCsvUsers', () => {
  it('groups consecutive rows by sub into users, in column order of the header', async () => {
    const entries = await collect(
      readCsvUsers(
        linesOf(
          'value,type,sub,valueType,active',
          '42,tenant_id,a,integer,',
          'admin,role,a,,',
          '"x, ""y""",note,a,,',
          ',,b,,false',
        ),
      ),
    )
    expect(entries).toEqual([
      {
        ok: true,
        line: 2,
        user: {
          sub: 'a',
          active: true,
          claims: [
            { type: 'tenant_id', value: '42', valueType: 'integer' },
            { type: 'role', value: 'admin' },
            { type: 'note', value: 'x, "y"' },
          ],
        },
      },
      { ok: true, line: 5, user: { sub: 'b', active: false, claims: [] } },
    ])
  })

  it('fails the whole user on the line of the bad row', async () => {
    const entries = await collect(
      readCsvUsers(
        linesOf('sub,type,value,valueType', 'a,role,admin,', 'a,tier,three,integer', 'b,role,x,'),
      ),
    )
    expect(entries).toMatchObject([
      {
        ok: false,
        line: 2,
        sub: 'a',
        failures: [{ line: 3, message: expect.stringContaining('does not parse as integer') }],
      },
      { ok: true, line: 4 },
    ])
  })

  it.each([
    ['a wrong number of fields', 'a,role', /expected 4 fields, found 2/],
    [
      'an active flag that is not a boolean',
      'a,role,x,maybe',
      /active "maybe" is not true or false/,
    ],
    ['a malformed quote', 'a,ro"le,x,', /a quote inside an unquoted field/],
  ])('fails a user with %s', async (_, row, message) => {
    const [entry] = await collect(readCsvUsers(linesOf('sub,type,value,active', row)))
    expect(entry).toMatchObject({
      ok: false,
      line: 2,
      failures: [{ line: 2, message: expect.stringMatching(message) }],
    })
  })

  it('fails a user whose rows disagree on active', async () => {
    const [entry] = await collect(
      readCsvUsers(linesOf('sub,type,value,active', 'a,r,x,true', 'a,r,y,false')),
    )
    expect(entry).toMatchObject({
      ok: false,
      failures: [
        { line: 3, message: 'active is false here but true on line 2; give one value per user' },
      ],
    })
  })

  it.each([
    ['an unknown column', 'sub,type,value,colour', /unknown column "colour"/],
    ['a missing column', 'sub,type', /column value missing/],
    ['a repeated column', 'sub,type,value,sub', /column sub appears twice/],
  ])('refuses a header with %s', async (_, header, message) => {
    await expect(collect(readCsvUsers(linesOf(header, 'a,b,c')))).rejects.toThrow(message)
  })
})
