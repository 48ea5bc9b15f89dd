/** A `FunctionName` of the Invoke API, reduced to the function and the version or alias it names. */
export interface ParsedFunctionName {
  readonly name: string
  /** `$LATEST`, a version or an alias, when the name or the `Qualifier` parameter carries one. */
  readonly qualifier: string | undefined
}

const ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(?::([^:]+))?$/
const PARTIAL_ARN = /^\d{12}:function:([^:]+)(?::([^:]+))?$/
const NAME = /^([^:]+)(?::([^:]+))?$/

/**
 * Reads the three forms Lambda accepts for `FunctionName` — `my-function`
 * (or `my-function:alias`), `123456789012:function:my-function` and the full
 * ARN — and the separate `Qualifier` parameter. Returns `undefined` for
 * anything else, or when the name and `Qualifier` name different versions.
 *
 * @example
 * parseFunctionName('arn:aws:lambda:us-east-1:000000000000:function:userinfo:$LATEST', null)
 * // { name: 'userinfo', qualifier: '$LATEST' }
 */
export function parseFunctionName(
  functionName: string,
  qualifierParameter: string | null,
): ParsedFunctionName | undefined {
  const match = ARN.exec(functionName) ?? PARTIAL_ARN.exec(functionName) ?? NAME.exec(functionName)
  const name = match?.[1]
  if (name === undefined) return undefined
  const inName = match?.[2]
  const qualifier = qualifierParameter ?? undefined
  if (inName !== undefined && qualifier !== undefined && inName !== qualifier) return undefined
  return { name, qualifier: inName ?? qualifier }
}
