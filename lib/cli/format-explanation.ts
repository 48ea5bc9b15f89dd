import { ProfileDataCallers } from '../core/index.js'
import {
  type ClaimDecision,
  type ClaimsExplanation,
  INTROSPECTION_CALLER,
} from './explain-claims.js'
import { formatTable } from './format-table.js'
import { type TerminalStyle, terminalStyle } from './terminal-style.js'

/** Options for `formatExplanation`. */
export interface FormatExplanationOptions {
  /** A table for a terminal; plain `key: value` lines otherwise. */
  readonly table?: boolean
  readonly style?: TerminalStyle
  readonly width?: number | undefined
}

const CALLER_NAMES: Readonly<Record<string, string>> = {
  [ProfileDataCallers.ClaimsProviderIdentityToken]: 'ID token',
  [ProfileDataCallers.ClaimsProviderAccessToken]: 'access token',
  [ProfileDataCallers.UserInfoEndpoint]: 'userinfo',
  [INTROSPECTION_CALLER]: 'introspection',
}

function valueText(decision: ClaimDecision): string {
  if (decision.value === undefined) return '(unreadable)'
  const value = JSON.stringify(decision.value)
  return decision.valueType === undefined ? value : `${value} (${decision.valueType})`
}

function header(explanation: ClaimsExplanation): string[] {
  const { scopes, resources } = explanation
  const list = (items: readonly string[]) => (items.length === 0 ? '(none)' : items.join(' '))
  return [
    `for: ${CALLER_NAMES[explanation.caller] ?? explanation.caller}`,
    `client: ${explanation.clientId}${explanation.clientConfigured ? '' : ' (not configured)'}`,
    `user: ${explanation.sub === undefined ? '(none: client credentials)' : `${explanation.sub}${explanation.userFound ? '' : ' (no record)'}${explanation.active ? '' : ' (inactive)'}`}`,
    `scopes: ${list(scopes.honoured)}${scopes.ignored.length > 0 ? ` (ignored: ${scopes.ignored.join(' ')})` : ''}`,
    `resources: ${list([
      ...resources.identityResources.map((name) => `identity:${name}`),
      ...resources.apiScopes.map((name) => `scope:${name}`),
      ...resources.apiResources.map((name) => `api:${name}`),
    ])}`,
    `requested claim types: ${list(explanation.requestedClaimTypes)}`,
  ]
}

/**
 * An explanation for people: who and what was asked, the claims issued as
 * JSON, then one row (table) or line (plain) per claim considered with the
 * reason it was emitted or dropped, and notes.
 *
 * @example
 * formatExplanation(explanation, { table: false })
 * // 'for: ID token\nclient: web\n…\nemitted tenant_id (stored) "42" (integer): requested by identity resource tenant\n'
 */
export function formatExplanation(
  explanation: ClaimsExplanation,
  options: FormatExplanationOptions = {},
): string {
  const style = options.style ?? terminalStyle(false)
  const lines = header(explanation)
  lines.push(`claims: ${JSON.stringify(explanation.claims, null, options.table ? 2 : undefined)}`)
  lines.push('')
  if (explanation.decisions.length === 0) {
    lines.push('No claims were considered: the user has no stored claims and the client none.')
  } else if (options.table) {
    const rows = explanation.decisions.map((decision) => [
      decision.type,
      decision.source,
      valueText(decision),
      decision.emitted ? style.green('emitted') : style.red('dropped'),
      decision.detail,
    ])
    lines.push(
      formatTable(['CLAIM', 'FROM', 'VALUE', 'RESULT', 'WHY'], rows, {
        width: options.width,
      }).trimEnd(),
    )
  } else {
    for (const decision of explanation.decisions) {
      lines.push(
        `${decision.emitted ? 'emitted' : 'dropped'} ${decision.type} (${decision.source}) ${valueText(decision)}: ${decision.detail}`,
      )
    }
  }
  if (explanation.notes.length > 0) {
    lines.push('')
    for (const note of explanation.notes) lines.push(`note: ${note}`)
  }
  return `${lines.join('\n')}\n`
}
