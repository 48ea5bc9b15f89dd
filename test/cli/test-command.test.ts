import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import {
  claimsTestsJsonSchemaText,
  initialClaimsTestsTemplate,
} from '../../lib/claims-tests/index.js'
import { DynamoDbClaimsWriter } from '../../lib/dynamodb/index.js'
import { startDynalite, type TestTable } from '../support/dynamodb.js'
import { CONFIGURATION_YAML, runCli, tableArgs } from './support.js'

const EXAMPLES = new URL('../../examples/', import.meta.url)

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'claimsmith-test-'))
  await writeFile(join(dir, 'claimsmith.yaml'), CONFIGURATION_YAML)
})

afterAll(() => rm(dir, { recursive: true, force: true }))

async function tests(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text)
  return name
}

const run = (...args: string[]) => runCli(['test', ...args], { cwd: dir })

describe('claimsmith test', () => {
  it('passes the example tests against the example configuration, in one line', async () => {
    const result = await runCli([
      'test',
      new URL('claimsmith.yaml', EXAMPLES).pathname,
      new URL('claimsmith.tests.yaml', EXAMPLES).pathname,
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
    expect(result.stdout).toMatch(/^4 tests passed \(/)
  })

  it('prints the failing case, its line and a per-token diff with the types visible', async () => {
    const file = await tests(
      'typed.tests.yaml',
      `tests:
  - name: passes
    sub: user-1
    client: web
    scopes: [openid, tenant]
    expect: { idToken: { tenant_id: 42 } }
  - name: tenant id as text
    sub: user-1
    client: web
    scopes: [openid, tenant]
    expect:
      idToken: { tenant_id: "42" }
      userinfo: { tenant_id: 42, tenant_role: boss }
      absent: { idToken: [tenant_id] }
`,
    )
    const result = await run('claimsmith.yaml', file)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      `FAIL tenant id as text (${file}:7)
  idToken:
    tenant_id: expected "42", actual 42
    tenant_id: expected (absent), actual 42
  userinfo:
    tenant_role: expected "boss", actual (absent)

1 of 2 tests failed (${file})
`,
    )
  })

  it('under exact: true fails on a claim the case does not list', async () => {
    const file = await tests(
      'exact.tests.yaml',
      `tests:
  - name: exact
    sub: user-1
    client: web
    scopes: [openid, tenant, orders/read]
    expect: { exact: true, idToken: {}, userinfo: { sub: user-1, tenant_id: 42 } }
`,
    )
    const result = await run('claimsmith.yaml', file)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      `FAIL exact (${file}:2)\n  idToken:\n    tenant_id: expected (absent), actual 42\n\n1 of 1 test failed (${file})\n`,
    )
  })

  it('expects refusals: an inactive user is refused, an active one is not', async () => {
    const file = await tests(
      'refused.tests.yaml',
      `tests:
  - { name: inactive, sub: user-2, client: web, expect: { refused: true } }
  - { name: active, sub: user-1, client: web, expect: { refused: true } }
  - { name: inactive but expected to pass, sub: user-2, client: web, expect: { idToken: {} } }
  - name: a user given in the case
    sub: someone-else
    client: web
    user: { active: false, claims: [] }
    expect: { refused: true }
`,
    )
    const result = await run('claimsmith.yaml', file)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      `FAIL active (${file}:3)\n  sign-in: expected refused, actual tokens issued\n  userinfo: expected refused, actual claims served`,
    )
    expect(result.stdout).toContain(
      'FAIL inactive but expected to pass (refused.tests.yaml:4)\n  sign-in: expected tokens issued, actual refused: user is not active\n',
    )
    expect(result.stdout).toContain('2 of 4 tests failed')
  })

  it('expects introspection claims, and ID tokens without user claims for a client that keeps them out', async () => {
    await writeFile(
      join(dir, 'slim.yaml'),
      CONFIGURATION_YAML.replace(
        '  - clientId: m2m',
        '  - clientId: slim\n    alwaysIncludeUserClaimsInIdToken: false\n  - clientId: m2m',
      ).replace(
        '      - { type: role, value: editor }',
        '      - { type: role, value: editor }\n      - { type: employee_id, value: "7", valueType: integer }\n      - { type: department, value: sales }',
      ),
    )
    const file = await tests(
      'introspection.tests.yaml',
      `tests:
  - name: slim ID token
    sub: user-1
    client: slim
    scopes: [openid, tenant, orders/read]
    expect:
      exact: true
      idToken: {}
      accessToken: { department: sales, employee_id: 7 }
      userinfo: { sub: user-1, tenant_id: 42 }
      introspection: { department: sales, employee_id: 7 }
  - name: every version keeps them out
    sub: user-1
    client: slim
    version: 1
    expect: { exact: true, idToken: {} }
  - name: the default client puts them in
    sub: user-1
    client: web
    scopes: [openid, tenant, orders/read]
    expect: { idToken: { tenant_id: 42 }, introspection: { employee_id: 7 } }
  - name: an inactive user's token is not active
    sub: user-2
    client: web
    scopes: [openid, orders/read]
    expect: { refused: true }
  - name: client credentials
    client: m2m
    triggerSource: TokenGeneration_ClientCredentials
    version: 3
    scopes: [orders/read]
    expect: { exact: true, introspection: { svc_tier: 3 } }
  - name: wrong
    sub: user-1
    client: web
    scopes: [openid, tenant, orders/read]
    expect:
      introspection: { employee_id: "7", tenant_id: 42 }
      absent: { introspection: [department] }
  - name: no API resource
    sub: user-1
    client: web
    scopes: [openid, tenant]
    expect: { introspection: {} }
`,
    )
    const result = await run('slim.yaml', file)
    expect(result.stderr).toBe('')
    expect(result.stdout).toBe(
      `FAIL wrong (${file}:33)
  introspection:
    employee_id: expected "7", actual 7
    tenant_id: expected 42, actual (absent)
    department: expected (absent), actual "sales"

FAIL no API resource (${file}:40)
  introspection: expected claims, actual introspection: not active ({"active": false})

2 of 7 tests failed (${file})
`,
    )
    expect(result.code).toBe(1)
  })

  it('runs client-credentials cases (version 3, access token only)', async () => {
    const file = await tests(
      'm2m.tests.yaml',
      `tests:
  - name: m2m
    client: m2m
    triggerSource: TokenGeneration_ClientCredentials
    version: 3
    expect: { exact: true, accessToken: { svc_tier: 3 } }
`,
    )
    const result = await run('claimsmith.yaml', file)
    expect(result.stdout).toBe(`1 test passed (${file})\n`)
    expect(result.code).toBe(0)
  })

  it('exits 2 for a tests file with problems, each at file:line:column', async () => {
    const typoFile = await tests(
      'bad.tests.yaml',
      `tests:
  - name: typo
    sub: user-1
    client: web
    versoin: 2
`,
    )
    const typo = await run('claimsmith.yaml', typoFile)
    expect(typo.code).toBe(2)
    expect(typo.stderr.split('\n')).toEqual([
      `${typoFile}:5:5: tests[0] has an unknown key "versoin" (did you mean "version"? allowed keys: name, sub, client, scopes, version, triggerSource, attributes, user, expect)`,
      `error: ${typoFile} has 1 problem; fix it and run again`,
      '',
    ])
    const file = await tests(
      'rules.tests.yaml',
      `tests:
  - name: no user
    client: web
  - name: m2m in v2
    client: m2m
    triggerSource: TokenGeneration_ClientCredentials
  - name: v1 access
    sub: user-1
    client: web
    version: 1
    expect: { accessToken: { a: 1 } }
`,
    )
    const result = await run('claimsmith.yaml', file)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toEqual([
      `${file}:2:5: tests[0] is missing "sub" (add the user's sub, or set triggerSource: TokenGeneration_ClientCredentials (with version: 3) for a grant without a user)`,
      `${file}:6:20: tests[1] is a client-credentials grant, which Cognito sends in version 3 events only (add version: 3)`,
      `${file}:11:15: tests[2] expects access token claims, but version 1 events shape the ID token only (use version: 2 or 3, or expect idToken claims)`,
      `error: ${file} has 3 problems; fix them and run again`,
      '',
    ])
  })

  it('exits 2 for a missing file, a bad configuration and a wrong command line', async () => {
    const file = await tests('ok.tests.yaml', 'tests: []\n')
    const missing = await run('claimsmith.yaml', 'nope.yaml')
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'error: cannot read nope.yaml: no such file\n',
    })
    await writeFile(join(dir, 'huge.tests.yaml'), `tests: []\n${'#'.repeat(2 * 1024 * 1024)}\n`)
    const huge = await run('claimsmith.yaml', 'huge.tests.yaml')
    expect(huge.code).toBe(2)
    expect(huge.stderr).toBe(
      'split the cases over several tests files: claimsmith test takes any number of them\n' +
        'error: cannot read huge.tests.yaml: it is 2,097,163 bytes, over the 2,097,152-byte (2 MiB) limit for tests files\n',
    )
    await writeFile(join(dir, 'bad.yaml'), 'clients: [{ clientId: web, allowedScope: [] }]\n')
    const bad = await run('bad.yaml', file)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('bad.yaml:1:28: clients[0] has an unknown key "allowedScope"')
    expect((await run('claimsmith.yaml')).code).toBe(2)
    expect((await run('claimsmith.yaml', file, '--reporter', 'junit')).stderr).toContain(
      '--reporter junit needs --output <file>',
    )
  })

  it('writes JUnit XML with each case, its line and its diff', async () => {
    const file = await tests(
      'junit.tests.yaml',
      `tests:
  - { name: ok <1>, sub: user-1, client: web, expect: { refused: false } }
  - { name: "wrong & typed", sub: user-1, client: web, scopes: [tenant], expect: { idToken: { tenant_id: "42" } } }
`,
    )
    const result = await run('claimsmith.yaml', file, '--reporter', 'junit', '--output', 'out.xml')
    expect(result.code).toBe(1)
    expect(await readFile(join(dir, 'out.xml'), 'utf8')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="claimsmith test" tests="2" failures="1">
  <testsuite name="${file}" tests="2" failures="1">
    <testcase name="ok &lt;1&gt;" classname="${file}" file="${file}" line="2"/>
    <testcase name="wrong &amp; typed" classname="${file}" file="${file}" line="3">
      <failure message="idToken.tenant_id: expected &quot;42&quot;, actual 42">  idToken:
    tenant_id: expected &quot;42&quot;, actual 42</failure>
    </testcase>
  </testsuite>
</testsuites>
`,
    )
  })

  it('--update fills in cases without expect, keeps comments, and never changes the others', async () => {
    const text = `# the header stays
tests:
  # a snapshot to take
  - name: new
    sub: user-1 # a user
    client: web
    scopes: [openid, tenant]
  - name: expected
    sub: user-1
    client: web
    expect: { idToken: { tenant_id: 7 } } # wrong, and kept so
  - { name: refused, sub: user-2, client: web }
`
    const file = await tests('update.tests.yaml', text)
    const result = await run('claimsmith.yaml', file, '--update')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`Wrote the expectations of 2 cases into ${file}\n`)
    const updated = await readFile(join(dir, file), 'utf8')
    expect(updated).toContain('# the header stays\n')
    expect(updated).toContain('  # a snapshot to take\n')
    expect(updated).toContain('    sub: user-1 # a user\n')
    expect(updated).toContain('    expect: { idToken: { tenant_id: 7 } } # wrong, and kept so\n')
    const data = parseDocument(updated).toJS() as { tests: Array<{ expect: unknown }> }
    expect(data.tests.map((test) => test.expect)).toEqual([
      {
        exact: true,
        idToken: { tenant_id: 42 },
        accessToken: {},
        userinfo: { tenant_id: 42, sub: 'user-1' },
      },
      { idToken: { tenant_id: 7 } },
      { refused: true },
    ])
    // The snapshot now passes; only the case that was wrong fails.
    const again = await run('claimsmith.yaml', file)
    expect(again.stdout).toContain('1 of 3 tests failed')
    expect(again.stdout).toContain('FAIL expected')
  })

  it('--table runs the same cases against what the table holds', async () => {
    const table: TestTable = await startDynalite()
    try {
      const writer = new DynamoDbClaimsWriter({ client: table.client, tableName: table.tableName })
      await writer.putConfigurationItem({
        kind: 'identityResource',
        value: { name: 'tenant', userClaims: ['tenant_id'] },
      })
      await writer.putUser({
        sub: 'user-1',
        active: true,
        claims: [{ type: 'tenant_id', value: '7', valueType: 'integer' }],
      })
      await writer.putUser({ sub: 'user-2', active: false, claims: [] })
      const file = await tests(
        'table.tests.yaml',
        `tests:
  - { name: from the table, sub: user-1, client: web, scopes: [openid, tenant], expect: { idToken: { tenant_id: 7 }, userinfo: { tenant_id: 7 } } }
  - { name: inactive in the table, sub: user-2, client: web, expect: { refused: true } }
`,
      )
      const result = await runCli(['test', ...tableArgs(table), file], { cwd: dir, table })
      expect(result.stderr).toBe('')
      expect(result.stdout).toBe(`2 tests passed (${file})\n`)
      expect(result.code).toBe(0)
      // The file's configuration (tenant_id 42) is not read.
      const fromFile = await run('claimsmith.yaml', file)
      expect(fromFile.code).toBe(1)
    } finally {
      await table.stop()
    }
  })

  it('ships the tests init writes as examples/claimsmith.tests.yaml, pointing at the schema', async () => {
    expect(await readFile(new URL('claimsmith.tests.yaml', EXAMPLES), 'utf8')).toBe(
      initialClaimsTestsTemplate({ schemaReference: '../schema/claimsmith-tests.schema.json' }),
    )
  })

  it('ships a JSON Schema of the tests file that matches the validator', async () => {
    const committed = await readFile(
      new URL('../../schema/claimsmith-tests.schema.json', import.meta.url),
      'utf8',
    )
    expect(
      committed,
      'schema/claimsmith-tests.schema.json is stale: regenerate it from claimsTestsJsonSchemaText()',
    ).toBe(claimsTestsJsonSchemaText())
  })
})
