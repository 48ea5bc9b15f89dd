import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import {
  clientClaimsBytes,
  initialConfigurationTemplate,
  parseConfigurationFile,
} from '../../lib/configuration-file/index.js'
import { configurationOf, lines, onlyProblemOf, problemsOf } from './support.js'

const EXAMPLE = readFileSync(new URL('../../examples/claimsmith.yaml', import.meta.url), 'utf8')

describe('parseConfigurationFile', () => {
  describe('valid files', () => {
    it('reads the example into the core types when it validates', () => {
      const configuration = configurationOf(EXAMPLE, 'examples/claimsmith.yaml')
      expect(configuration.identityResources).toEqual([
        { name: 'tenant', userClaims: ['tenant_id', 'tenant_role'] },
      ])
      expect(configuration.apiScopes.map((scope) => scope.name)).toEqual([
        'orders/read',
        'orders/write',
        'billing/invoices.read',
      ])
      expect(configuration.apiResources[0]).toEqual({
        name: 'orders',
        scopes: ['orders/read', 'orders/write'],
        userClaims: ['tenant_id', 'employee_id'],
      })
      expect(configuration.clients[0]).toEqual({
        clientId: '6example2spa3client4id',
        allowedScopes: ['openid', 'profile', 'email', 'tenant', 'orders/read', 'orders/write'],
        clientClaimsPrefix: 'client_',
        alwaysSendClientClaims: false,
        alwaysIncludeUserClaimsInIdToken: true,
        claims: [],
      })
      expect(configuration.clients[1]?.claims).toContainEqual({
        type: 'tenant_id',
        value: '42',
        valueType: 'integer',
      })
      expect(configuration.users.map((user) => [user.sub.slice(-1), user.active])).toEqual([
        ['1', true],
        ['2', false],
      ])
      expect(configuration.users[0]?.claims.filter((claim) => claim.type === 'role')).toEqual([
        { type: 'role', value: 'admin' },
        { type: 'role', value: 'editor' },
      ])
      expect(configuration.settings).toEqual({ tokenSizeBudgetBytes: 2048 })
    })

    it('reads the same configuration from JSON as from YAML when the data is equal', () => {
      const fromYaml = configurationOf(EXAMPLE)
      const json = JSON.stringify(
        { $schema: './schema/claimsmith.schema.json', ...fromYaml },
        null,
        2,
      )
      expect(configurationOf(json, 'claimsmith.json')).toEqual(fromYaml)
      expect(configurationOf(stringify(fromYaml), 'claimsmith.yml')).toEqual(fromYaml)
    })

    it('validates the init template when it points at the package schema', () => {
      const template = initialConfigurationTemplate()
      expect(template.split('\n')[0]).toBe(
        '# yaml-language-server: $schema=./node_modules/claimsmith/schema/claimsmith.schema.json',
      )
      expect(parseConfigurationFile(template, 'claimsmith.yaml').ok).toBe(true)
    })

    it('gives empty sections and the default budget when the file leaves them out', () => {
      expect(configurationOf('clients: []\n')).toEqual({
        identityResources: [],
        apiScopes: [],
        apiResources: [],
        clients: [],
        users: [],
        settings: { tokenSizeBudgetBytes: 2048 },
      })
    })

    it('applies the client defaults and keeps explicit values when a client sets some', () => {
      const { clients } = configurationOf(
        lines(
          'clients:',
          '  - clientId: plain',
          '  - clientId: tuned',
          '    allowedScopes: []',
          '    clientClaimsPrefix: svc_',
          '    alwaysSendClientClaims: true',
          '    alwaysIncludeUserClaimsInIdToken: false',
        ),
      )
      expect(clients[0]).toEqual({
        clientId: 'plain',
        clientClaimsPrefix: 'client_',
        alwaysSendClientClaims: false,
        alwaysIncludeUserClaimsInIdToken: true,
        claims: [],
      })
      expect(clients[0]).not.toHaveProperty('allowedScopes')
      expect(clients[1]).toEqual({
        clientId: 'tuned',
        allowedScopes: [],
        clientClaimsPrefix: 'svc_',
        alwaysSendClientClaims: true,
        alwaysIncludeUserClaimsInIdToken: false,
        claims: [],
      })
    })

    it('keeps an empty clientClaimsPrefix when a client removes the prefix', () => {
      const { clients } = configurationOf(
        lines(
          'clients:',
          '  - clientId: m2m',
          '    clientClaimsPrefix: ""',
          '    claims:',
          '      - { type: tier, value: "3", valueType: integer }',
        ),
      )
      expect(clients[0]?.clientClaimsPrefix).toBe('')
    })

    it('accepts an identity resource that overrides a standard one when it has its name', () => {
      const configuration = configurationOf(
        lines(
          'identityResources:',
          '  - name: profile',
          '    userClaims: [name, nickname]',
          'clients:',
          '  - clientId: web',
          '    allowedScopes: [openid, profile, email, address, phone, aws.cognito.signin.user.admin]',
        ),
      )
      expect(configuration.identityResources).toEqual([
        { name: 'profile', userClaims: ['name', 'nickname'] },
      ])
    })

    it('accepts a client claim named like a protocol claim when the prefix makes it another type', () => {
      const { clients } = configurationOf(
        lines('clients:', '  - clientId: m2m', '    claims:', '      - { type: sub, value: x }'),
      )
      expect(clients[0]?.claims).toEqual([{ type: 'sub', value: 'x' }])
    })

    it('ignores a byte order mark when the file starts with one', () => {
      expect(configurationOf('\uFEFFclients: []\n').clients).toEqual([])
      expect(configurationOf('\uFEFF{"clients": []}', 'c.json').clients).toEqual([])
    })

    it('throws a TypeError when it is called with something other than text', () => {
      expect(() => parseConfigurationFile(undefined as unknown as string, 'c.yaml')).toThrow(
        TypeError,
      )
      expect(() => parseConfigurationFile('', 42 as unknown as string)).toThrow(TypeError)
    })
  })

  describe('shape problems', () => {
    it('names an unknown key, the allowed keys and the likely one when a key is misspelt', () => {
      const problems = problemsOf(
        lines('apiScopes:', '  - name: orders/read', '    userClaim: [department]'),
      )
      expect(problems).toEqual([
        {
          file: 'claimsmith.yaml',
          line: 2,
          column: 5,
          path: 'apiScopes[0].userClaims',
          message: 'apiScopes[0] is missing "userClaims"',
          hint: 'add "userClaims", the claim types it puts into the access token',
        },
        {
          file: 'claimsmith.yaml',
          line: 3,
          column: 5,
          path: 'apiScopes[0].userClaim',
          message: 'apiScopes[0] has an unknown key "userClaim"',
          hint: 'did you mean "userClaims"? allowed keys: name, userClaims',
        },
      ])
    })

    it('points at the entry when a required key is missing', () => {
      const problem = onlyProblemOf(lines('clients:', '  - allowedScopes: [openid]'))
      expect(problem).toMatchObject({ line: 2, column: 5, path: 'clients[0].clientId' })
      expect(problem.message).toBe('clients[0] is missing "clientId"')
      expect(problem.hint).toBe('add "clientId", the Cognito app client id')
    })

    it('shows the value as written in quotes when a claim value is a YAML number', () => {
      const problem = onlyProblemOf(
        lines('users:', '  - sub: u1', '    claims:', '      - { type: tenant_id, value: 0042 }'),
      )
      expect(problem).toMatchObject({ line: 4, column: 35, path: 'users[0].claims[0].value' })
      expect(problem.message).toBe('users[0].claims[0].value must be text, not a number')
      expect(problem.hint).toContain('"0042"')
    })

    it('suggests a JSON value when a claim value is written as a YAML map', () => {
      const problem = onlyProblemOf(
        lines(
          'users:',
          '  - sub: u1',
          '    claims:',
          '      - { type: flags, value: { beta: true }, valueType: json }',
        ),
      )
      expect(problem).toMatchObject({ line: 4, column: 31, path: 'users[0].claims[0].value' })
      expect(problem.message).toBe('users[0].claims[0].value must be text, not a map')
      expect(problem.hint).toContain('valueType: json')
    })

    it('explains YAML 1.2 booleans when a flag is written as yes', () => {
      const problem = onlyProblemOf(
        lines('clients:', '  - clientId: web', '    alwaysSendClientClaims: yes'),
      )
      expect(problem).toMatchObject({ line: 3, column: 29 })
      expect(problem.message).toBe(
        'clients[0].alwaysSendClientClaims must be true or false, not text',
      )
      expect(problem.hint).toContain('write true or false')
    })

    it('refuses an ID-token flag that is not a boolean', () => {
      const problem = onlyProblemOf(
        lines('clients:', '  - clientId: web', '    alwaysIncludeUserClaimsInIdToken: "false"'),
      )
      expect(problem).toMatchObject({
        line: 3,
        path: 'clients[0].alwaysIncludeUserClaimsInIdToken',
      })
      expect(problem.message).toBe(
        'clients[0].alwaysIncludeUserClaimsInIdToken must be true or false, not text',
      )
    })

    it('refuses an empty name when a name is expected', () => {
      const problem = onlyProblemOf(
        lines('identityResources:', '  - name: ""', '    userClaims: []'),
      )
      expect(problem).toMatchObject({ line: 2, column: 11, path: 'identityResources[0].name' })
      expect(problem.message).toBe('identityResources[0].name must not be empty')
    })

    it('refuses a scope name with a space when it could never be requested', () => {
      const problem = onlyProblemOf(
        lines('apiScopes:', '  - name: orders read', '    userClaims: []'),
      )
      expect(problem).toMatchObject({ line: 2, column: 11 })
      expect(problem.message).toBe('apiScopes[0].name "orders read" is not a valid scope name')
      expect(problem.hint).toContain('RFC 6749')
    })

    it('asks for a list when a single value is written where a list belongs', () => {
      const problem = onlyProblemOf(
        lines('identityResources:', '  - name: tenant', '    userClaims: tenant_id'),
      )
      expect(problem).toMatchObject({ line: 3, column: 17 })
      expect(problem.message).toBe('identityResources[0].userClaims must be a list, not text')
    })

    it('reports one problem when a list is written where an entry map belongs', () => {
      const problem = onlyProblemOf(lines('clients:', '  - [web]'))
      expect(problem).toMatchObject({ line: 2, column: 5, path: 'clients[0]' })
      expect(problem.message).toBe('clients[0] must be a map of keys and values, not a list')
    })

    it.each([
      ['a list', '- clients\n- users\n', 'the file must be a map of keys and values, not a list'],
      ['text', 'hello\n', 'the file must be a map of keys and values, not text'],
      ['empty', '', 'the file is empty'],
      ['only a comment', '# to do\n', 'the file is empty'],
    ])('reports the file as a whole at 1:1 when it is %s', (_, text, message) => {
      expect(onlyProblemOf(text)).toMatchObject({ line: 1, column: 1, path: '', message })
    })

    it.each([
      ['0', 'settings.tokenSizeBudgetBytes must be at least 1'],
      ['1.5', 'settings.tokenSizeBudgetBytes must be a whole number'],
      ['"2048"', 'settings.tokenSizeBudgetBytes must be a number, not text'],
    ])('refuses a token budget of %s', (budget, message) => {
      const problem = onlyProblemOf(lines('settings:', `  tokenSizeBudgetBytes: ${budget}`))
      expect(problem).toMatchObject({ line: 2, column: 25, message })
    })

    it('positions shape problems in a JSON file when the file is JSON', () => {
      const problem = onlyProblemOf(
        lines('{', '  "clients": [', '    { "clientId": "web", "claim": [] }', '  ]', '}'),
        'claimsmith.json',
      )
      expect(problem).toMatchObject({ file: 'claimsmith.json', line: 3, column: 26 })
      expect(problem.message).toBe('clients[0] has an unknown key "claim"')
      expect(problem.hint).toContain('did you mean "claims"?')
    })
  })

  describe('rules across entries', () => {
    it.each([
      [
        'identity resource names',
        [
          'identityResources:',
          '  - name: tenant',
          '    userClaims: []',
          '  - name: tenant',
          '    userClaims: [tenant_id]',
        ],
        { line: 4, column: 11, path: 'identityResources[1].name' },
        'identityResources[1].name "tenant" is already used by identityResources[0].name (line 2, column 11)',
      ],
      [
        'API scope names',
        [
          'apiScopes:',
          '  - name: a/b',
          '    userClaims: []',
          '  - name: a/b',
          '    userClaims: []',
        ],
        { line: 4, column: 11, path: 'apiScopes[1].name' },
        'apiScopes[1].name "a/b" is already used by apiScopes[0].name (line 2, column 11)',
      ],
      [
        'API resource names',
        [
          'apiScopes:',
          '  - name: a/b',
          '    userClaims: []',
          'apiResources:',
          '  - name: r',
          '    scopes: [a/b]',
          '    userClaims: []',
          '  - name: r',
          '    scopes: []',
          '    userClaims: []',
        ],
        { line: 8, column: 11, path: 'apiResources[1].name' },
        'apiResources[1].name "r" is already used by apiResources[0].name (line 5, column 11)',
      ],
      [
        'clientIds',
        ['clients:', '  - clientId: web', '  - clientId: web'],
        { line: 3, column: 15, path: 'clients[1].clientId' },
        'clients[1].clientId "web" is already used by clients[0].clientId (line 2, column 15)',
      ],
      [
        'user subs',
        ['users:', '  - sub: u1', '    claims: []', '  - sub: u1', '    claims: []'],
        { line: 4, column: 10, path: 'users[1].sub' },
        'users[1].sub "u1" is already used by users[0].sub (line 2, column 10)',
      ],
    ])('names both positions when %s repeat', (_, text, position, message) => {
      const problem = onlyProblemOf(lines(...text))
      expect(problem).toMatchObject(position)
      expect(problem.message).toBe(message)
      expect(problem.hint).toContain('must be unique')
    })

    it('refuses an API scope when an identity resource has its name', () => {
      const problem = onlyProblemOf(
        lines(
          'identityResources:',
          '  - name: tenant',
          '    userClaims: []',
          'apiScopes:',
          '  - name: tenant',
          '    userClaims: []',
        ),
      )
      expect(problem).toMatchObject({ line: 5, column: 11, path: 'apiScopes[0].name' })
      expect(problem.message).toBe(
        'apiScopes[0].name "tenant" is also the name of the identity resource at identityResources[0].name (line 2, column 11)',
      )
    })

    it('refuses an API scope when it has the name of a standard identity scope', () => {
      const problem = onlyProblemOf(lines('apiScopes:', '  - name: email', '    userClaims: []'))
      expect(problem).toMatchObject({ line: 2, column: 11 })
      expect(problem.message).toContain(
        '"email" is the name of a standard OpenID Connect identity scope',
      )
    })

    it('reports an API resource scope that no API scope defines', () => {
      const problem = onlyProblemOf(
        lines(
          'apiScopes:',
          '  - name: orders/read',
          '    userClaims: []',
          'apiResources:',
          '  - name: orders',
          '    scopes: [orders/read, orders/reads]',
          '    userClaims: []',
        ),
      )
      expect(problem).toMatchObject({ line: 6, column: 27, path: 'apiResources[0].scopes[1]' })
      expect(problem.message).toBe(
        'apiResources[0].scopes[1] "orders/reads" is not defined under apiScopes',
      )
      expect(problem.hint).toBe(
        'did you mean "orders/read"? define it under apiScopes; its userClaims may be empty: []',
      )
    })

    it('reports a client scope that is neither standard, Cognito’s nor configured', () => {
      const problem = onlyProblemOf(
        lines(
          'identityResources:',
          '  - name: tenant',
          '    userClaims: []',
          'apiScopes:',
          '  - name: orders/read',
          '    userClaims: []',
          'clients:',
          '  - clientId: web',
          '    allowedScopes: [openid, aws.cognito.signin.user.admin, tenant, orders/read, tenants]',
        ),
      )
      expect(problem).toMatchObject({ line: 9, column: 81, path: 'clients[0].allowedScopes[4]' })
      expect(problem.message).toBe('clients[0].allowedScopes[4] "tenants" is not a known scope')
      expect(problem.hint).toContain('did you mean "tenant"?')
      expect(problem.hint).toContain('aws.cognito.signin.user.admin')
    })

    it.each([
      [
        'an identity resource claims a protocol claim',
        ['identityResources:', '  - name: tenant', '    userClaims: [tenant_id, sub]'],
        { line: 3, column: 29, path: 'identityResources[0].userClaims[1]' },
        '"sub" is a protocol claim that only the token issuer sets',
      ],
      [
        'an API scope claims Cognito groups',
        ['apiScopes:', '  - name: orders/read', '    userClaims: [cognito:groups]'],
        { line: 3, column: 18, path: 'apiScopes[0].userClaims[0]' },
        '"cognito:groups" is reserved by Cognito',
      ],
      [
        'an API resource claims a dev: type',
        [
          'apiScopes:',
          '  - name: a/b',
          '    userClaims: []',
          'apiResources:',
          '  - name: r',
          '    scopes: [a/b]',
          '    userClaims: [dev:x]',
        ],
        { line: 7, column: 18, path: 'apiResources[0].userClaims[0]' },
        '"dev:x" starts with "dev:", a prefix Cognito reserves',
      ],
      [
        'a user has a protocol claim in capitals',
        ['users:', '  - sub: u1', '    claims:', '      - { type: Sub, value: x }'],
        { line: 4, column: 17, path: 'users[0].claims[0].type' },
        '"Sub" is, ignoring case, a protocol claim that only the token issuer sets',
      ],
      [
        'an identity resource claims Cognito groups in capitals',
        ['identityResources:', '  - name: t', '    userClaims: [COGNITO:GROUPS]'],
        { line: 3, column: 18, path: 'identityResources[0].userClaims[0]' },
        '"COGNITO:GROUPS" is, ignoring case, reserved by Cognito',
      ],
      [
        'a user claim type has a zero-width space',
        ['users:', '  - sub: u1', '    claims:', '      - { type: "tenant\\u200bid", value: x }'],
        { line: 4, column: 17, path: 'users[0].claims[0].type' },
        'contains an invisible Unicode format character (such as a zero-width space)',
      ],
      [
        'a user claim type has a control character',
        ['users:', '  - sub: u1', '    claims:', '      - { type: "tenant\\aid", value: x }'],
        { line: 4, column: 17, path: 'users[0].claims[0].type' },
        'contains a control character',
      ],
      [
        'a user claim type ends with a space',
        ['users:', '  - sub: u1', '    claims:', '      - { type: "role ", value: x }'],
        { line: 4, column: 17, path: 'users[0].claims[0].type' },
        '"role " contains white space',
      ],
      [
        'an API scope claims a type with an inner space',
        ['apiScopes:', '  - name: a/b', '    userClaims: ["tenant id"]'],
        { line: 3, column: 18, path: 'apiScopes[0].userClaims[0]' },
        '"tenant id" contains white space',
      ],
      [
        'a user has a Cognito-reserved claim',
        ['users:', '  - sub: u1', '    claims:', '      - { type: username, value: x }'],
        { line: 4, column: 17, path: 'users[0].claims[0].type' },
        '"username" is reserved by Cognito',
      ],
      [
        'a client without a prefix has a protocol claim',
        [
          'clients:',
          '  - clientId: m2m',
          '    clientClaimsPrefix: ""',
          '    claims:',
          '      - { type: aud, value: x }',
        ],
        { line: 5, column: 17, path: 'clients[0].claims[0].type' },
        '"aud" is a protocol claim',
      ],
      [
        'a client prefix turns a claim into a reserved one',
        [
          'clients:',
          '  - clientId: m2m',
          '    clientClaimsPrefix: "cognito:"',
          '    claims:',
          '      - { type: groups, value: x }',
        ],
        { line: 5, column: 17, path: 'clients[0].claims[0].type' },
        '"groups" becomes "cognito:groups" with the prefix, which is reserved by Cognito',
      ],
    ])('refuses the claim type when %s', (_, text, position, message) => {
      const problem = onlyProblemOf(lines(...text))
      expect(problem).toMatchObject(position)
      expect(problem.message).toContain(message)
      expect(problem.message).toContain('it is never emitted')
    })

    it('lists the known value types and the likely one when a valueType is misspelt', () => {
      const problem = onlyProblemOf(
        lines(
          'users:',
          '  - sub: u1',
          '    claims:',
          '      - { type: tier, value: "3", valueType: integr }',
        ),
      )
      expect(problem).toMatchObject({ line: 4, column: 46, path: 'users[0].claims[0].valueType' })
      expect(problem.message).toBe(
        'users[0].claims[0].valueType "integr" is not a known value type',
      )
      expect(problem.hint).toContain('did you mean "integer"?')
      expect(problem.hint).toContain('string, integer, integer32, integer64, double, boolean, json')
    })

    it.each([
      ['integer', 'abc', 'it is not a number', 'write a whole number'],
      ['integer', '1.5', 'it is not a whole number', 'valueType double'],
      [
        'integer',
        '2147483648',
        'it is outside the 32-bit range -2147483648 to 2147483647',
        'valueType integer64',
      ],
      [
        'integer64',
        '9223372036854775808',
        'it is outside the 64-bit range -9223372036854775808 to 9223372036854775807',
        'leave out valueType',
      ],
      [
        'integer64',
        '9007199254740992',
        'it is beyond ±9007199254740991 (2^53 − 1), the largest integer a JSON number carries exactly',
        'keep every digit',
      ],
      ['double', 'ten', 'it is not a number', 'such as 2.5'],
      ['double', 'NaN', 'it is not a finite number', 'no NaN or Infinity'],
      ['boolean', 'yes', 'it is not true or false', 'write true or false'],
      ['json', '{a', 'it is not valid JSON', 'single quotes'],
    ])('says why a %s value %j does not parse', (valueType, value, reason, hint) => {
      const problem = onlyProblemOf(
        lines(
          'users:',
          '  - sub: u1',
          '    claims:',
          `      - { type: c, value: '${value}', valueType: ${valueType} }`,
        ),
      )
      expect(problem).toMatchObject({ line: 4, column: 27, path: 'users[0].claims[0].value' })
      expect(problem.message).toBe(
        `users[0].claims[0].value "${value}" of claim "c" does not parse as ${valueType}: ${reason}`,
      )
      expect(problem.hint).toContain(hint)
    })

    it('checks client claim values too', () => {
      const problem = onlyProblemOf(
        lines(
          'clients:',
          '  - clientId: m2m',
          '    claims:',
          '      - { type: tier, value: "3.5", valueType: integer }',
        ),
      )
      expect(problem).toMatchObject({ line: 4, column: 30, path: 'clients[0].claims[0].value' })
      expect(problem.message).toContain('it is not a whole number')
    })

    it('shows at most 40 characters of a value when it does not parse', () => {
      const value = `${'x'.repeat(40)}SECRET-TAIL`
      const problem = onlyProblemOf(
        lines(
          'users:',
          '  - sub: u1',
          '    claims:',
          `      - { type: c, value: '${value}', valueType: integer }`,
        ),
      )
      expect(problem.message).toContain(`"${'x'.repeat(40)}"…`)
      expect(problem.message).not.toContain('SECRET')
    })

    it('names the client and both numbers when its claims exceed the token budget', () => {
      const text = (budget: number) =>
        lines(
          'settings:',
          `  tokenSizeBudgetBytes: ${budget}`,
          'clients:',
          '  - clientId: m2m',
          '    claims:',
          '      - { type: service, value: invoice-exporter }',
        )
      const bytes = Buffer.byteLength('{"client_service":"invoice-exporter"}')
      expect(bytes).toBe(37)
      const problem = onlyProblemOf(text(36))
      expect(problem).toMatchObject({ line: 6, column: 7, path: 'clients[0].claims' })
      expect(problem.message).toBe(
        'clients[0].claims of client "m2m" add 37 bytes to each access token, over the budget of 36 bytes',
      )
      expect(problem.hint).toContain('settings.tokenSizeBudgetBytes')
      expect(parseConfigurationFile(text(37), 'claimsmith.yaml').ok).toBe(true)
    })

    it('holds client claims to 2048 bytes when the file sets no budget', () => {
      const problem = onlyProblemOf(
        lines(
          'clients:',
          '  - clientId: m2m',
          '    claims:',
          `      - { type: blob, value: ${'a'.repeat(2100)} }`,
        ),
      )
      expect(problem.message).toContain('over the budget of 2048 bytes')
    })
  })

  describe('syntax problems', () => {
    it.each([
      [
        'a list item is not indented like its siblings',
        ['clients:', '  - clientId: a', '   allowedScopes: []'],
        { line: 3, column: 1 },
      ],
      ['a tab indents a line', ['clients:', '\t- clientId: a'], { line: 2, column: 1 }],
      ['a key appears twice', ['clients: []', 'clients: []'], { line: 2, column: 1 }],
      ['the file holds two documents', ['clients: []', '---', 'users: []'], { line: 2, column: 1 }],
      ['a value has an unknown tag', ['clients: !web []'], { line: 1, column: 10 }],
      ['an alias has no anchor', ['clients: *c'], { line: 1, column: 10 }],
      ['a flow list is not closed', ['clients: ['], { line: 2, column: 1 }],
    ])('reports invalid YAML with its position when %s', (_, text, position) => {
      const problems = problemsOf(lines(...text))
      expect(problems[0]).toMatchObject({ ...position, path: '' })
      expect(problems[0]?.message).toMatch(/^invalid YAML: /)
      expect(problems[0]?.hint).not.toBe('')
    })

    it('refuses alias expansion when a file multiplies aliases', () => {
      const problem = onlyProblemOf(
        lines(
          'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
          'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
          'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
          'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        ),
      )
      expect(problem).toMatchObject({ line: 2, column: 8 })
      expect(problem.message).toContain('excessive alias count')
    })

    it.each([
      [
        'a trailing comma',
        ['{', '  "clients": [],', '}'],
        { line: 2, column: 16 },
        'trailing comma',
      ],
      ['a comment', ['// clients', '{}'], { line: 1, column: 1 }, 'JSON does not allow comments'],
      ['single quotes', ["{'clients': []}"], { line: 1, column: 2 }, 'double quotes'],
      ['YAML block syntax', ['clients: []'], { line: 1, column: 1 }, 'unexpected word "clients"'],
      [
        'a repeated key',
        ['{"clients": [], "clients": []}'],
        { line: 1, column: 17 },
        'duplicate key "clients"',
      ],
      ['an early end', ['{"clients": ['], { line: 2, column: 1 }, 'the JSON ends early'],
      ['a line break in a string', ['{"clients": "a', 'b"}'], { line: 1, column: 15 }, 'control'],
    ])('reports invalid JSON with its position when a .json file has %s', (_, text, position, message) => {
      const problem = onlyProblemOf(lines(...text), 'claimsmith.json')
      expect(problem).toMatchObject({ file: 'claimsmith.json', ...position, path: '' })
      expect(problem.message).toMatch(/^invalid JSON: /)
      expect(problem.message).toContain(message)
    })

    it('reads a file as JSON when its name ends in .JSON in any case', () => {
      expect(onlyProblemOf('{"clients": [],}', 'CLAIMSMITH.JSON').message).toContain(
        'trailing comma',
      )
      expect(parseConfigurationFile('{"clients": [],}', 'claimsmith.yaml').ok).toBe(true)
    })
  })

  describe('clientClaimsBytes', () => {
    it('measures the prefixed, serialized claims when a client has some', () => {
      const client = {
        clientId: 'm2m',
        clientClaimsPrefix: 'c_',
        alwaysSendClientClaims: false,
        claims: [
          { type: 'tier', value: '3', valueType: 'integer' },
          { type: 'role', value: 'a' },
          { type: 'role', value: 'é' },
        ],
      }
      expect(clientClaimsBytes(client)).toBe(Buffer.byteLength('{"c_tier":3,"c_role":["a","é"]}'))
      expect(clientClaimsBytes({ ...client, claims: [] })).toBe(0)
    })
  })
})
