import { COGNITO_ADMIN_SCOPE, STANDARD_IDENTITY_RESOURCES } from '../core/index.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'
import { suggestClosest } from './suggest-closest.js'

// Cognito's admin scope maps to no claims, but a configuration may name it as a real scope.
const BUILT_IN_SCOPES = [...STANDARD_IDENTITY_RESOURCES.map((r) => r.name), COGNITO_ADMIN_SCOPE]

function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = suggestClosest(name, candidates)
  return suggestion ? `did you mean "${suggestion}"? ` : ''
}

/**
 * Every scope an API resource lists must be defined under apiScopes, and every
 * scope a client may request must be a standard identity scope, a configured
 * identity resource or API scope, or Cognito's `aws.cognito.signin.user.admin`:
 * anything else is a typo that would silently match nothing.
 *
 * @example
 * checkScopeReferences({ ...data, apiResources: [{ name: 'orders', scopes: ['orders/writ'], userClaims: [] }] })
 * // [{ path: ['apiResources', 0, 'scopes', 0], message: 'apiResources[0].scopes[0] "orders/writ" is not defined under apiScopes', … }]
 */
export function checkScopeReferences(data: ConfigurationFileShape): ProblemDraft[] {
  const problems: ProblemDraft[] = []
  const apiScopes = new Set(data.apiScopes.map((scope) => scope.name))
  data.apiResources.forEach((resource, index) => {
    resource.scopes.forEach((scope, position) => {
      if (apiScopes.has(scope)) return
      const path = ['apiResources', index, 'scopes', position]
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(scope)} is not defined under apiScopes`,
        hint: `${didYouMean(scope, apiScopes)}define it under apiScopes; its userClaims may be empty: []`,
      })
    })
  })

  const known = new Set([
    ...BUILT_IN_SCOPES,
    ...data.identityResources.map((resource) => resource.name),
    ...apiScopes,
  ])
  data.clients.forEach((client, index) => {
    client.allowedScopes?.forEach((scope, position) => {
      if (known.has(scope)) return
      const path = ['clients', index, 'allowedScopes', position]
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(scope)} is not a known scope`,
        hint: `${didYouMean(scope, known)}define it under identityResources or apiScopes; the built-in scopes are ${BUILT_IN_SCOPES.join(', ')}`,
      })
    })
  })
  return problems
}
