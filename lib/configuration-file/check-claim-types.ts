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
  if (restriction === 'protocol') return 'is a protocol claim that only the token issuer sets'
  if (type.startsWith(COGNITO_RESERVED_CLAIM_PREFIX)) {
    return `starts with "${COGNITO_RESERVED_CLAIM_PREFIX}", a prefix Cognito reserves`
  }
  return 'is reserved by Cognito: a trigger may not add or change it'
}

function hintFor(type: string, client: boolean): string {
  if (GROUP_CLAIMS.has(type)) return 'manage groups and roles in Cognito itself, not as claims'
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
    hint: hintFor(type, false),
  }
}

/**
 * Claim types that can never be emitted (docs/claims.md, "Claims that are never sent": protocol claims, and those
 * Cognito reserves) are refused wherever a claim type is named: in userClaims,
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
        hint: hintFor(emitted, true),
      })
    })
  })
  return problems.filter((problem) => problem !== undefined)
}
