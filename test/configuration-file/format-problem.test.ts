import { describe, expect, it } from 'vitest'
import { formatPath } from '../../lib/configuration-file/format-path.js'
import { formatProblem } from '../../lib/configuration-file/index.js'

describe('formatProblem', () => {
  it('prints file:line:column: message (hint) when given a problem', () => {
    expect(
      formatProblem({
        file: 'config/claimsmith.yaml',
        line: 12,
        column: 14,
        path: 'clients[0].claims[1].value',
        message:
          'clients[0].claims[1].value "abc" of claim "tier" does not parse as integer: it is not a number',
        hint: 'write a whole number such as 42',
      }),
    ).toBe(
      'config/claimsmith.yaml:12:14: clients[0].claims[1].value "abc" of claim "tier" does not parse as integer: it is not a number (write a whole number such as 42)',
    )
  })
})

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['clients', 0, 'claims', 1, 'value'], 'clients[0].claims[1].value'],
    [['settings', 'tokenSizeBudgetBytes'], 'settings.tokenSizeBudgetBytes'],
    [['clients', 0, 'my key'], 'clients[0]["my key"]'],
    [['$schema'], '$schema'],
    [['1st'], '["1st"]'],
  ])('writes %j as %j', (path, expected) => {
    expect(formatPath(path)).toBe(expected)
  })
})
