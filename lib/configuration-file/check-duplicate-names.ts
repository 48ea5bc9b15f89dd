import { STANDARD_IDENTITY_RESOURCES } from '../core/index.js'
import type { ConfigurationFileShape } from './configuration-file-schema.js'
import { formatPath } from './format-path.js'
import type { PathSegment, ProblemDraft } from './problem-draft.js'
import { quoteForMessage } from './quote-for-message.js'
import type { PositionOf } from './source-position.js'

interface Named {
  readonly section: 'identityResources' | 'apiScopes' | 'apiResources' | 'clients' | 'users'
  readonly key: 'name' | 'clientId' | 'sub'
  readonly what: string
  readonly names: (data: ConfigurationFileShape) => readonly string[]
}

const NAMED: readonly Named[] = [
  {
    section: 'identityResources',
    key: 'name',
    what: 'identity resource name',
    names: (data) => data.identityResources.map((resource) => resource.name),
  },
  {
    section: 'apiScopes',
    key: 'name',
    what: 'API scope name',
    names: (data) => data.apiScopes.map((scope) => scope.name),
  },
  {
    section: 'apiResources',
    key: 'name',
    what: 'API resource name',
    names: (data) => data.apiResources.map((resource) => resource.name),
  },
  {
    section: 'clients',
    key: 'clientId',
    what: 'clientId',
    names: (data) => data.clients.map((client) => client.clientId),
  },
  { section: 'users', key: 'sub', what: 'user sub', names: (data) => data.users.map((u) => u.sub) },
]

const STANDARD_SCOPES = new Set(STANDARD_IDENTITY_RESOURCES.map((resource) => resource.name))

function at(path: readonly PathSegment[], positionOf: PositionOf): string {
  const { line, column } = positionOf(path)
  return `${formatPath(path)} (line ${line}, column ${column})`
}

/**
 * Names must be unique within their section, and a scope name must mean one
 * thing: an API scope may not share its name with an identity resource,
 * configured or standard (Duende refuses the same overlap).
 *
 * @example
 * checkDuplicateNames({ ...data, users: [{ sub: 'a', … }, { sub: 'a', … }] }, positionOf)
 * // [{ path: ['users', 1, 'sub'], message: 'users[1].sub "a" is already used by users[0].sub (line 3, column 10)', … }]
 */
export function checkDuplicateNames(
  data: ConfigurationFileShape,
  positionOf: PositionOf,
): ProblemDraft[] {
  const problems: ProblemDraft[] = []
  for (const named of NAMED) {
    const first = new Map<string, number>()
    named.names(data).forEach((name, index) => {
      const earlier = first.get(name)
      if (earlier === undefined) {
        first.set(name, index)
        return
      }
      const path = [named.section, index, named.key]
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(name)} is already used by ${at([named.section, earlier, named.key], positionOf)}`,
        hint: `rename or remove one of the two; each ${named.what} must be unique`,
      })
    })
  }

  const identityNames = new Map<string, number>()
  data.identityResources.forEach((resource, index) => {
    if (!identityNames.has(resource.name)) identityNames.set(resource.name, index)
  })
  data.apiScopes.forEach((scope, index) => {
    const path = ['apiScopes', index, 'name']
    const identity = identityNames.get(scope.name)
    if (identity !== undefined) {
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(scope.name)} is also the name of the identity resource at ${at(['identityResources', identity, 'name'], positionOf)}`,
        hint: 'a scope requests one resource: rename the API scope or the identity resource',
      })
    } else if (STANDARD_SCOPES.has(scope.name)) {
      problems.push({
        path,
        at: 'value',
        message: `${formatPath(path)} ${quoteForMessage(scope.name)} is the name of a standard OpenID Connect identity scope`,
        hint: 'rename the API scope; to change the claims of the standard scope, define it under identityResources',
      })
    }
  })
  return problems
}
