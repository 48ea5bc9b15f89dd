import { ARN_TRIGGERS, type TriggerMembers } from './lambda-triggers.js'

/**
 * One attach of the triggers to a pool, as the custom resource's physical id
 * carries it from create to delete: the pool, and the triggers the attach
 * replaced (empty unless `ReplaceExistingTriggers` allowed it), which delete
 * puts back.
 */
export interface TriggerAttachment {
  readonly userPoolId: string
  readonly replaced: TriggerMembers
}

// CloudFormation's limit for a physical resource id.
const MAX_ID_LENGTH = 1024
const SEPARATOR = ' replaced '
const ID = /^([\w-]+_[0-9a-zA-Z]+)(?: replaced (\{.*\}))?$/
const FUNCTION_ARN = /^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[\w-]+(?::[\w$-]+)?$/
const TRIGGER_VERSION = /^V\d+_\d+$/
const MEMBERS: readonly string[] = [
  ...ARN_TRIGGERS,
  'PreTokenGeneration',
  'PreTokenGenerationConfig',
]

/**
 * The physical id for `attachment`: the pool id alone when nothing was
 * replaced (the id earlier releases used), else the pool id followed by
 * ` replaced ` and the replaced members as JSON, readable in the stack's
 * resources for an undo by hand.
 *
 * @example
 * formatAttachmentId({ userPoolId: 'eu-west-1_AbCdEf123', replaced: {} }) // 'eu-west-1_AbCdEf123'
 */
export function formatAttachmentId({ userPoolId, replaced }: TriggerAttachment): string {
  if (Object.keys(replaced).length === 0) return userPoolId
  const id = `${userPoolId}${SEPARATOR}${JSON.stringify(replaced)}`
  if (id.length > MAX_ID_LENGTH) {
    throw new RangeError(
      `the replaced triggers of ${userPoolId} do not fit in a physical resource id (${id.length} of ${MAX_ID_LENGTH} characters)`,
    )
  }
  return id
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function functionArn(where: string, value: unknown): string {
  if (typeof value !== 'string' || !FUNCTION_ARN.test(value)) {
    throw new TypeError(`${where} in the physical resource id is not a Lambda function ARN`)
  }
  return value
}

function parseReplaced(json: string): TriggerMembers {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new TypeError('the replaced triggers in the physical resource id are not JSON')
  }
  if (!isRecord(value)) throw new TypeError('the replaced triggers must be an object')
  const replaced: Record<string, unknown> = {}
  for (const [member, recorded] of Object.entries(value)) {
    if (!MEMBERS.includes(member)) {
      throw new TypeError(`${member} in the physical resource id is not a trigger`)
    }
    if (member !== 'PreTokenGenerationConfig') {
      replaced[member] = functionArn(member, recorded)
      continue
    }
    if (!isRecord(recorded) || typeof recorded.LambdaVersion !== 'string') {
      throw new TypeError(
        'PreTokenGenerationConfig in the physical resource id has no LambdaVersion',
      )
    }
    if (!TRIGGER_VERSION.test(recorded.LambdaVersion)) {
      throw new TypeError(
        'PreTokenGenerationConfig.LambdaVersion in the physical resource id is not a trigger version',
      )
    }
    replaced[member] = {
      LambdaArn: functionArn('PreTokenGenerationConfig.LambdaArn', recorded.LambdaArn),
      LambdaVersion: recorded.LambdaVersion,
    }
  }
  return replaced as TriggerMembers
}

/**
 * The attachment a physical id names, or `undefined` for an id that names
 * none (a create that failed before attaching answers with its log stream's
 * name). Throws when the id names a pool but its record of replaced triggers
 * is damaged, so a delete fails rather than drop what it should restore.
 *
 * @example
 * const attachment = parseAttachmentId(event.PhysicalResourceId)
 */
export function parseAttachmentId(id: string): TriggerAttachment | undefined {
  const match = ID.exec(id)
  if (match?.[1] === undefined) return undefined
  return { userPoolId: match[1], replaced: match[2] === undefined ? {} : parseReplaced(match[2]) }
}
