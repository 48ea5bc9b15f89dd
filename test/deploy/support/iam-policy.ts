import type { Template } from './package-service.js'

/** Where a role's policies are evaluated: the values of the pseudo parameters. */
export interface AwsAccountContext {
  readonly partition: string
  readonly region: string
  readonly accountId: string
}

/** Whether a role may call `action` (`service:Operation`) on `resource` (an ARN). */
export type Authorize = (action: string, resource: string) => boolean

type Json = Record<string, unknown>

interface Statement {
  readonly Effect: 'Allow' | 'Deny'
  readonly Action: string | string[]
  readonly Resource: unknown
  readonly Condition?: unknown
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Evaluates a role's inline policies from a packaged template the way IAM
 * evaluates identity-based policies for one account: an explicit Deny wins,
 * otherwise an Allow whose Action and Resource patterns (`*` and `?`) match is
 * needed. Intrinsic functions are resolved as CloudFormation would for
 * `context`; one it cannot resolve throws, so a policy is never half-read.
 * Statements with a `Condition` are refused as unsupported: none of the
 * statements this is used on depends on request context.
 *
 * @example
 * const authorize = roleAuthorizer(template, 'AttachTriggersRole', context)
 * authorize('cognito-idp:DescribeUserPool', poolArn)
 */
export function roleAuthorizer(
  template: Template,
  role: string,
  context: AwsAccountContext,
): Authorize {
  const parameters = template.Parameters ?? {}
  const conditions = (template.Conditions ?? {}) as Json

  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' || Array.isArray(value)) {
      return Array.isArray(value) ? value.map(resolve) : value
    }
    if (!isRecord(value)) throw new TypeError(`cannot read ${JSON.stringify(value)}`)
    const entries = Object.entries(value)
    if (entries.length !== 1) throw new TypeError(`cannot read ${JSON.stringify(value)}`)
    const [[fn, argument] = []] = entries
    switch (fn) {
      case 'Ref': {
        const name = argument as string
        if (name === 'AWS::Partition') return context.partition
        if (name === 'AWS::Region') return context.region
        if (name === 'AWS::AccountId') return context.accountId
        const parameter = parameters[name]
        if (parameter === undefined) throw new TypeError(`cannot resolve Ref ${name}`)
        return parameter.Default
      }
      case 'Fn::Sub':
        return (argument as string).replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
          const resolved = resolve({ Ref: name })
          if (typeof resolved !== 'string') throw new TypeError(`cannot substitute ${name}`)
          return resolved
        })
      case 'Fn::GetAtt': {
        // Other resources' ARNs in this stack: a unique string that matches nothing else.
        const [logicalId, attribute] = argument as [string, string]
        return `arn:${context.partition}:stack-resource:::${logicalId}.${attribute}`
      }
      default:
        throw new TypeError(`cannot resolve ${fn}`)
    }
  }

  const holds = (name: string): boolean => {
    const evaluate = (condition: unknown): boolean => {
      if (!isRecord(condition))
        throw new TypeError(`cannot read condition ${JSON.stringify(condition)}`)
      if ('Fn::Not' in condition) return !evaluate((condition['Fn::Not'] as unknown[])[0])
      if ('Fn::Equals' in condition) {
        const [a, b] = (condition['Fn::Equals'] as unknown[]).map(resolve)
        return a === b
      }
      if ('Condition' in condition) return holds(condition.Condition as string)
      throw new TypeError(`cannot evaluate condition ${JSON.stringify(condition)}`)
    }
    return evaluate(conditions[name])
  }

  const statements: Statement[] = []
  const add = (entry: unknown): void => {
    if (isRecord(entry) && 'Fn::If' in entry) {
      const [condition, then, otherwise] = entry['Fn::If'] as [string, unknown, unknown]
      add(holds(condition) ? then : otherwise)
      return
    }
    if (isRecord(entry) && entry.Ref === 'AWS::NoValue') return
    const statement = entry as Statement
    if (statement.Condition !== undefined) {
      throw new TypeError('statements with a Condition are not supported')
    }
    statements.push({ ...statement, Resource: resolve(statement.Resource) })
  }
  const policies = template.Resources[role]?.Properties.Policies as { PolicyDocument: Json }[]
  if (policies === undefined) throw new TypeError(`${role} has no inline policies`)
  for (const policy of policies) {
    for (const entry of policy.PolicyDocument.Statement as unknown[]) add(entry)
  }

  const matches = (pattern: string, value: string, ignoreCase: boolean): boolean => {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    const regex = escaped.replaceAll('*', '.*').replaceAll('?', '.')
    return new RegExp(`^${regex}$`, ignoreCase ? 'i' : '').test(value)
  }
  const applies = (statement: Statement, action: string, resource: string): boolean =>
    [statement.Action].flat().some((pattern) => matches(pattern, action, true)) &&
    [statement.Resource].flat().some((pattern) => matches(String(pattern), resource, false))

  return (action, resource) =>
    !statements.some((s) => s.Effect === 'Deny' && applies(s, action, resource)) &&
    statements.some((s) => s.Effect === 'Allow' && applies(s, action, resource))
}
