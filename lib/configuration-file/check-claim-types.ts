import {
  type ClaimTypeRestriction,
  COGNITO_RESERVED_CLAIM_PREFIX,
  claimTypeRestriction,
} from '../core/index.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { PathSegment, ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'

const GROUP_CLAIMS = new Set(['cognito:groups', 'cognito:roles', 'cognito:preferred_role'])

function why(type: string, restriction: ClaimTypeRestriction): string {
  const lower = type.toUpperCase().toLowerCase()
  const inCase = lower === type ? '' : `, ignoring case,`
  switch (restriction) {
    case 'control-character':
      return 'contains a control character'
    case 'format-character':
      return 'contains an invisible Unicode format character (such as a zero-width space)'
    case 'whitespace':
      return 'contains white space'
    case 'protocol':
      return `is${inCase} a protocol claim that only the token issuer sets`
    case 'reserved':
      if (lower.startsWith(COGNITO_RESERVED_CLAIM_PREFIX)) {
        return `starts${inCase} with "${COGNITO_RESERVED_CLAIM_PREFIX}", a prefix Cognito reserves`
      }
      return `is${inCase} reserved by Cognito: a trigger may not add or change it`
  }
}

const CHARACTER_RULES: ReadonlySet<ClaimTypeRestriction> = new Set([
  'control-character',
  'format-character',
  'whitespace',
])

function hintFor(type: string, client: boolean, restriction: ClaimTypeRestriction): string {
  if (CHARACTER_RULES.has(restriction)) {
    return 'use printable characters without spaces, such as tenant_id'
  }
  if (GROUP_CLAIMS.has(type.toLowerCase())) {
    return 'manage groups and roles in Cognito itself, not as claims'
  }
  return client
    ? 'rename the claim type, or change clientClaimsPrefix'
    : 'remove it, or use another claim type'
}

function restricted(path: readonly PathSegment[], type: string): ProblemDraft | undefined {
  const restriction = claimTypeRestriction(type)
  if (!restriction) return undefined
  return {
    path,
    at: 'value',
    message: `${formatPath(path)} ${quoteForMessage(type)} ${why(type, restriction)}; it is never emitted`,
    hint: hintFor(type, false, restriction),
  }
}

/**
 * Claim types that can never be emitted (protocol claims and those Cognito
 * reserves, in any case; types with control, format or white-space
 * characters) are refused wherever a claim type is named: in userClaims,
 * in user claims, and in client claims as emitted, that is with the client's
 * prefix before the type.
 *
 * @example
 * checkClaimTypes({ ...data, apiScopes: [{ name: 'orders/read', userClaims: ['sub'] }] })
 * // [{ path: ['apiScopes', 0, 'userClaims', 0], message: 'apiScopes[0].userClaims[0] "sub" is a protocol claim, …', … }]
 */
export function checkClaimTypes(data: ConfigurationFileShape): ProblemDraft[] {
  const problems: (ProblemDraft | undefined)[] = []
  for (const section of ['identityResources', 'apiScopes', 'apiResources'] as const) {
    data[section].forEach((resource, index) => {
      resource.userClaims.forEach((type, position) => {
        problems.push(restricted([section, index, 'userClaims', position], type))
      })
    })
  }
  data.users.forEach((user, index) => {
    user.claims.forEach((claim, position) => {
      problems.push(restricted(['users', index, 'claims', position, 'type'], claim.type))
    })
  })
  data.clients.forEach((client, index) => {
    client.claims.forEach((claim, position) => {
      const path = ['clients', index, 'claims', position, 'type']
      const emitted = `${client.clientClaimsPrefix}${claim.type}`
      const restriction = claimTypeRestriction(emitted)
      if (!restriction) return
      const becomes =
        emitted === claim.type ? '' : ` becomes ${quoteForMessage(emitted)} with the prefix, which`
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(claim.type)}${becomes} ${why(emitted, restriction)}; it is never emitted`,
        hint: hintFor(emitted, true, restriction),
      })
    })
  })
  return problems.filter((problem) => problem !== undefined)
}
