import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  initialConfigurationTemplate,
  PACKAGE_SCHEMA_REFERENCE,
} from '../../lib/configuration-file/index.js'

const EXAMPLE = readFileSync(new URL('../../examples/claimsmith.yaml', import.meta.url), 'utf8')

describe('initialConfigurationTemplate', () => {
  it('is the example file when it points at the schema the way the example does', () => {
    expect(
      initialConfigurationTemplate({ schemaReference: '../schema/claimsmith.schema.json' }),
    ).toBe(EXAMPLE)
  })

  it('points editors at the package schema when no reference is given', () => {
    expect(initialConfigurationTemplate().split('\n', 1)[0]).toBe(
      `# yaml-language-server: $schema=${PACKAGE_SCHEMA_REFERENCE}`,
    )
    expect(PACKAGE_SCHEMA_REFERENCE).toBe('./node_modules/claimsmith/schema/claimsmith.schema.json')
  })

  it('explains every section with a comment when it is written for a new user', () => {
    const text = initialConfigurationTemplate()
    for (const section of [
      'identityResources:',
      'apiScopes:',
      'apiResources:',
      'clients:',
      'users:',
      'settings:',
    ]) {
      const before = text
        .slice(0, text.indexOf(`\n${section}`))
        .split('\n')
        .at(-1)
      expect(before, section).toMatch(/^# /)
    }
  })

  it.each([
    '',
    'a\nb',
    'a\rb',
  ])('throws a TypeError when the schema reference is %j', (reference) => {
    expect(() => initialConfigurationTemplate({ schemaReference: reference })).toThrow(TypeError)
  })
})
