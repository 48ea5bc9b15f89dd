import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toJsonSchema } from '@valibot/to-json-schema'
import { describe, expect, it } from 'vitest'
import { ClaimSchema } from '../../lib/configuration-file/configuration-file-schema.js'
import {
  ConfigurationFileSchema,
  configurationJsonSchema,
  configurationJsonSchemaText,
  type JsonSchemaObject,
  writeConfigurationJsonSchema,
} from '../../lib/configuration-file/index.js'

const COMMITTED = new URL('../../schema/claimsmith.schema.json', import.meta.url)
const REGENERATE =
  "schema/claimsmith.schema.json is stale: regenerate it with writeConfigurationJsonSchema('schema/claimsmith.schema.json') from lib/configuration-file"

type Json = JsonSchemaObject[string]

function objectSchemas(node: Json, out: JsonSchemaObject[] = []): JsonSchemaObject[] {
  if (Array.isArray(node)) for (const item of node) objectSchemas(item, out)
  else if (node !== null && typeof node === 'object') {
    if (node.type === 'object') out.push(node)
    for (const value of Object.values(node)) objectSchemas(value, out)
  }
  return out
}

function at(schema: JsonSchemaObject, ...path: string[]): JsonSchemaObject {
  let node: Json = schema
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node))
      throw new Error(path.join('.'))
    node = node[key] ?? null
  }
  return node as JsonSchemaObject
}

describe('configurationJsonSchema', () => {
  it('matches the committed schema file when the validator schema has not changed', () => {
    expect(readFileSync(COMMITTED, 'utf8'), REGENERATE).toBe(configurationJsonSchemaText())
  })

  it('agrees with the official valibot converter when both convert the validator schema', () => {
    const official = toJsonSchema(ConfigurationFileSchema, {
      target: 'draft-2020-12',
      definitions: { Claim: ClaimSchema },
    })
    expect(configurationJsonSchema()).toEqual(JSON.parse(JSON.stringify(official)))
  })

  it('declares draft 2020-12 and forbids unknown keys in every object', () => {
    const schema = configurationJsonSchema()
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    const objects = objectSchemas(schema)
    expect(objects.length).toBeGreaterThanOrEqual(7)
    for (const object of objects) expect(object.additionalProperties).toBe(false)
  })

  it('lists the same top-level keys as the validator', () => {
    expect(Object.keys(at(configurationJsonSchema(), 'properties'))).toEqual(
      Object.keys(ConfigurationFileSchema.entries),
    )
  })

  it('carries required keys and defaults when the validator has them', () => {
    const schema = configurationJsonSchema()
    const client = at(schema, 'properties', 'clients', 'items')
    expect(client.required).toEqual(['clientId'])
    expect(at(client, 'properties', 'clientClaimsPrefix').default).toBe('client_')
    expect(at(client, 'properties', 'alwaysSendClientClaims').default).toBe(false)
    expect(at(client, 'properties', 'alwaysIncludeUserClaimsInIdToken')).toMatchObject({
      type: 'boolean',
      default: true,
    })
    expect(at(client, 'properties', 'claims', 'items')).toEqual({ $ref: '#/$defs/Claim' })
    expect(at(schema, 'properties', 'users', 'items', 'properties', 'active').default).toBe(true)
    expect(
      at(schema, 'properties', 'settings', 'properties', 'tokenSizeBudgetBytes'),
    ).toMatchObject({ type: 'integer', minimum: 1, default: 2048 })
    expect(at(schema, '$defs', 'Claim', 'required')).toEqual(['type', 'value'])
    expect(at(schema, '$defs', 'Claim', 'properties', 'valueType').examples).toEqual([
      'string',
      'integer',
      'integer32',
      'integer64',
      'double',
      'boolean',
      'json',
    ])
  })

  it('gives scope names a pattern that refuses spaces when an editor checks them', () => {
    const pattern = at(
      configurationJsonSchema(),
      'properties',
      'apiScopes',
      'items',
      'properties',
      'name',
    ).pattern
    expect(typeof pattern).toBe('string')
    const regex = new RegExp(pattern as string, 'u')
    expect(regex.test('orders/read')).toBe(true)
    expect(regex.test('https://api.example.com/orders.read')).toBe(true)
    expect(regex.test('orders read')).toBe(false)
    expect(regex.test('say"hi')).toBe(false)
  })

  it('returns a new object each call so callers may change it', () => {
    const first = configurationJsonSchema()
    first.title = 'changed'
    expect(configurationJsonSchema().title).toBe('claimsmith configuration')
  })
})

describe('writeConfigurationJsonSchema', () => {
  it('writes the schema text when given a path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'claimsmith-schema-'))
    try {
      const file = join(directory, 'claimsmith.schema.json')
      await writeConfigurationJsonSchema(file)
      expect(await readFile(file, 'utf8')).toBe(configurationJsonSchemaText())
      expect(configurationJsonSchemaText().endsWith('}\n')).toBe(true)
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
