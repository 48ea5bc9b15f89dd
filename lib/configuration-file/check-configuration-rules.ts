import { checkClaimTypes } from './check-claim-types.js'
import { checkClaimValues } from './check-claim-values.js'
import { checkDuplicateNames } from './check-duplicate-names.js'
import { checkScopeReferences } from './check-scope-references.js'
import { checkTokenBudget } from './check-token-budget.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import type { ProblemDraft } from './problem-draft.js'
import type { PositionOf } from './source-position.js'

/**
 * The rules that span entries, checked once the file has the schema's shape:
 * unique names, defined scopes, emittable claim types, parseable values, and
 * each client's claims within the token budget.
 *
 * @example
 * checkConfigurationRules(data, positionOf) // [] when the file is sound
 */
export function checkConfigurationRules(
  data: ConfigurationFileShape,
  positionOf: PositionOf,
): ProblemDraft[] {
  return [
    ...checkDuplicateNames(data, positionOf),
    ...checkScopeReferences(data),
    ...checkClaimTypes(data),
    ...checkClaimValues(data),
    ...checkTokenBudget(data),
  ]
}
